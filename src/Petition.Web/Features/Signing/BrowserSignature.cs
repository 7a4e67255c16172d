using System.Text;
using Petition.Core.Applications;
using Petition.Core.Identity;
using Petition.Pki;
using Petition.Pki.Cms;
using Petition.Pki.Validation;

namespace Petition.Web.Features.Signing;

/// <summary>
/// Verifies what the browser's signing script posted for a challenge (step 6 and supplement answers): opens the
/// envelope holding R with the portal's key-management key, verifies the CMS against the challenge's exact
/// document, the applicant's RRN (VID) and the accepted policies, and wipes R afterwards.
/// </summary>
public static class BrowserSignature
{
    /// <summary>The largest base64 field (signed data or R envelope) a signing form may post.</summary>
    public const int MaxBase64Length = 15 * 1024;

    /// <summary>Decodes a posted base64 field (signed data, R envelope); false when missing, too long or not base64.</summary>
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxBase64Length)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static async Task<ValidationReport> VerifyAsync(
        this SubmissionVerifier verifier, PortalPkiMaterial material, SigningChallenge challenge, byte[] cms, byte[]? envelope,
        Rrn applicantRrn, IReadOnlyCollection<string> acceptedPolicyOids, CancellationToken cancellationToken)
    {
        byte[]? randomNum = null;
        if (envelope is not null)
        {
            try
            {
                randomNum = RandomNumberEnvelope.Decrypt(envelope, material.KmKey);
            }
            catch (PkiException)
            {
                randomNum = null; // the report then says the identity could not be checked
            }
        }

        try
        {
            return await verifier.VerifyAsync(new SignedSubmission
            {
                Cms = cms,
                ExpectedContent = Encoding.UTF8.GetBytes(challenge.Document),
                Nonce = challenge.Nonce,
                ApplicantRrn = applicantRrn.Digits,
                RandomNum = randomNum,
            }, new VerificationPolicy { AcceptedPolicyOids = acceptedPolicyOids }, cancellationToken);
        }
        finally
        {
            if (randomNum is not null)
            {
                Array.Clear(randomNum); // R identifies the person with the RRN: never kept
            }
        }
    }
}
