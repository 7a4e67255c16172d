namespace Petition.Pki;

/// <summary>Base class of every error the PKI library reports on purpose (unreadable input, wrong password, ...).</summary>
public class PkiException : Exception
{
    public PkiException(string message)
        : base(message)
    {
    }

    public PkiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The input (DER, PEM, key file, CMS) is malformed, truncated or too large.</summary>
public sealed class PkiFormatException : PkiException
{
    public PkiFormatException(string message)
        : base(message)
    {
    }

    public PkiFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The NPKI private key could not be decrypted with the given password.</summary>
public sealed class NpkiWrongPasswordException : PkiException
{
    public NpkiWrongPasswordException()
        : base("The certificate password is wrong (or the key file is damaged). / 인증서 암호가 올바르지 않습니다.")
    {
    }

    public NpkiWrongPasswordException(Exception? innerException)
        : base("The certificate password is wrong (or the key file is damaged). / 인증서 암호가 올바르지 않습니다.", innerException)
    {
    }
}
