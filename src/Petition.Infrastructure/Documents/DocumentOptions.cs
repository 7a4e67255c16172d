using System.ComponentModel.DataAnnotations;

namespace Petition.Infrastructure.Documents;

/// <summary>The <c>Documents</c> section: what issued documents say about their issuer and where to check them.</summary>
public sealed class DocumentOptions
{
    public const string SectionName = "Documents";

    /// <summary>The issuing institution printed under the statement (발급기관).</summary>
    [Required]
    public string Institution { get; set; } = "고용노동부장관";

    /// <summary>The authenticity check page printed on the document.</summary>
    [Required]
    public string VerifyUrl { get; set; } = "http://localhost:5080/verify";

    /// <summary>Production: the institution signing certificate (DER), its NPKI key file and password. Demo mode uses the demo PKI's.</summary>
    public string? InstitutionCertificate { get; set; }

    public string? InstitutionPrivateKey { get; set; }

    public string? InstitutionPassword { get; set; }
}
