namespace Petition.Web.Features.Members;

/// <summary>회원가입: the account, the applicant details prefilled in step 2, and the RRN the certificate check uses.</summary>
public sealed class MemberSignUpViewModel
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? PasswordConfirm { get; set; }

    public string? Name { get; set; }

    public string? RrnFront { get; set; }

    public string? RrnBack { get; set; }

    public string? PostalCode { get; set; }

    public string? Address { get; set; }

    public string? AddressDetail { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    /// <summary>개인정보 수집·이용 동의.</summary>
    public bool Consent { get; set; }
}

/// <summary>회원 로그인 with ID and password.</summary>
public sealed class MemberSignInViewModel
{
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }

    public bool SignedOut { get; set; }
}

/// <summary>A page where the member signs a one-time challenge with a certificate (sign-in, or binding).</summary>
public sealed class MemberCertificateViewModel
{
    /// <summary>Whether certificate signing is available at all (the portal's PKI is loaded).</summary>
    public bool Available { get; set; }

    public string? Failure { get; set; }

    public string Document { get; set; } = string.Empty;

    public string Nonce { get; set; } = string.Empty;

    /// <summary>The key-management certificate (base64) that receives R: binding only (the VID check needs R).</summary>
    public string? KmCertificate { get; set; }

    public IReadOnlyList<string> AcceptedPolicyOids { get; set; } = [];

    public string? ReturnUrl { get; set; }

    /// <summary>Where the signed challenge is posted.</summary>
    public string Action { get; set; } = string.Empty;
}

public sealed class MyPetitionsViewModel
{
    public string DisplayName { get; set; } = string.Empty;

    public IReadOnlyList<MemberDraftRow> Drafts { get; set; } = [];

    public IReadOnlyList<MemberPetitionRow> Petitions { get; set; } = [];

    public string? Notice { get; set; }
}

public sealed record BoundCertificateRow(long Id, string Summary, string OwnerSubject, string SerialNumber, DateTime NotAfterUtc, DateTime BoundAtUtc, DateTime? LastUsedAtUtc);

/// <summary>계정 관리: profile, bound certificates, password change and account deletion.</summary>
public sealed class MemberAccountViewModel
{
    public string UserName { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string RrnMasked { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string AddressLine { get; set; } = string.Empty;

    public IReadOnlyList<BoundCertificateRow> Certificates { get; set; } = [];

    public string? Notice { get; set; }

    /// <summary>Which form's errors the error summary shows: "password", or null.</summary>
    public string? FailedForm { get; set; }
}

public sealed class MemberPasswordViewModel
{
    public string? CurrentPassword { get; set; }

    public string? NewPassword { get; set; }

    public string? NewPasswordConfirm { get; set; }
}

public sealed class MemberDeleteViewModel
{
    public string? Password { get; set; }

    public bool Confirm { get; set; }

    public int PetitionCount { get; set; }

    public int DraftCount { get; set; }
}

public sealed class MemberDeletedViewModel
{
    public int PetitionsKept { get; set; }

    public int DraftsDeleted { get; set; }
}
