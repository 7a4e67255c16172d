using Petition.Core.Identity;

namespace Petition.Core.Abstractions;

/// <summary>Encrypts resident registration numbers at rest (PIPA). The cipher text is opaque text.</summary>
public interface IRrnProtector
{
    string Protect(Rrn rrn);

    Rrn Unprotect(string protectedRrn);
}
