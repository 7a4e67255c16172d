using Microsoft.AspNetCore.DataProtection;
using Petition.Core.Abstractions;
using Petition.Core.Identity;

namespace Petition.Infrastructure.Security;

/// <summary>
/// RRN encryption at rest with ASP.NET Core Data Protection (authenticated encryption; the key ring is
/// persisted in the database so every app node reads what another wrote).
/// </summary>
internal sealed class DataProtectionRrnProtector(IDataProtectionProvider provider) : IRrnProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Petition.Rrn.v1");

    public string Protect(Rrn rrn) => _protector.Protect(rrn.Digits);

    public Rrn Unprotect(string protectedRrn) => Rrn.Parse(_protector.Unprotect(protectedRrn));
}
