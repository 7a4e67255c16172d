namespace Petition.Web.Features.AdminStaff;

/// <summary>One staff account in the list.</summary>
public sealed record StaffRow(
    string Id, string UserName, string DisplayName, string Role, string? Department, bool Locked, bool TemporarilyLocked, bool TwoFactor, DateTime? LastSignInUtc);

public sealed class StaffListViewModel
{
    public IReadOnlyList<StaffRow> Rows { get; init; } = [];

    public string? Notice { get; init; }
}

/// <summary>The create form (also its posted values).</summary>
public sealed class StaffCreateInput
{
    public string? UserName { get; set; }

    public string? DisplayName { get; set; }

    public string? Role { get; set; }

    public string? Department { get; set; }

    /// <summary>"generate" (default) or "typed".</summary>
    public string? PasswordMode { get; set; }

    public string? Password { get; set; }
}

public sealed class StaffCreateViewModel
{
    public StaffCreateInput Input { get; init; } = new();

    public IReadOnlyList<string> Departments { get; init; } = [];
}

/// <summary>The edit form's posted values.</summary>
public sealed class StaffEditInput
{
    public string? DisplayName { get; set; }

    public string? Role { get; set; }

    public string? Department { get; set; }
}

public sealed class StaffEditViewModel
{
    public required StaffRow Account { get; init; }

    public required StaffEditInput Input { get; init; }

    public IReadOnlyList<string> Departments { get; init; } = [];

    /// <summary>Whether the account is the signed-in administrator's own (no lock, no demotion).</summary>
    public bool IsSelf { get; init; }

    public string? Notice { get; init; }

    /// <summary>Which form the errors belong to: "edit", "lock", "unlock", "password".</summary>
    public string? ActiveForm { get; init; }
}

/// <summary>A password shown once: after creating an account with a generated one, or after a reset.</summary>
public sealed record OneTimePasswordViewModel(string UserId, string UserName, string DisplayName, string Password, bool Created);
