using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Infrastructure.Identity;

namespace Petition.Web.Features.Members;

/// <summary>
/// A draft begun by a signed-in member: it is theirs (listed under 나의 민원, openable on any browser they sign in
/// on, filed as their petition) and step 2 starts filled in from their profile (name, RRN, address, contact),
/// which they can still change.
/// </summary>
public sealed class MemberDrafts(MemberSession session, UserManager<PortalUser> users, IRrnProtector rrnProtector)
{
    public async Task AttachAsync(Draft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await session.MemberIdAsync() is not { } id || await users.FindByIdAsync(id) is not { RrnProtected: { } protectedRrn } user)
        {
            return;
        }

        draft.MemberId = user.Id;
        Core.Identity.Rrn rrn;
        try
        {
            rrn = rrnProtector.Unprotect(protectedRrn);
        }
        catch (CryptographicException)
        {
            return; // the profile's RRN cannot be read: the member types it on step 2
        }

        var applicant = new ApplicantInput(user.DisplayName, rrn.Digits, user.PostalCode, user.Address, user.AddressDetail, user.PhoneNumber, user.Email);
        if (ApplicantValidator.Validate(applicant, out var valid).Count == 0)
        {
            draft.SetApplicant(applicant, valid!, rrnProtector);
        }
    }
}
