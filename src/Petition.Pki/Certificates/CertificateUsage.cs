namespace Petition.Pki.Certificates;

/// <summary>The usage restriction (용도) a certificatePolicies OID grants.</summary>
public enum CertificateUsage
{
    /// <summary>Not a known NPKI policy.</summary>
    Unknown,

    /// <summary>범용: general purpose.</summary>
    General,

    /// <summary>은행: banking / insurance (용도제한).</summary>
    Banking,

    /// <summary>증권: securities / financial investment (용도제한).</summary>
    Securities,

    /// <summary>신용카드 (용도제한).</summary>
    CreditCard,

    /// <summary>전자민원 (용도제한).</summary>
    CivilService,

    /// <summary>Institution / government organisation certificates.</summary>
    Institution,
}

/// <summary>Display labels for <see cref="CertificateUsage"/>.</summary>
public static class CertificateUsageLabels
{
    public static string Korean(this CertificateUsage usage) => usage switch
    {
        CertificateUsage.General => "범용",
        CertificateUsage.Banking => "은행",
        CertificateUsage.Securities => "증권",
        CertificateUsage.CreditCard => "신용카드",
        CertificateUsage.CivilService => "전자민원",
        CertificateUsage.Institution => "기관",
        CertificateUsage.Unknown => "알 수 없음",
        _ => "알 수 없음",
    };

    public static string English(this CertificateUsage usage) => usage switch
    {
        CertificateUsage.General => "general purpose",
        CertificateUsage.Banking => "banking only",
        CertificateUsage.Securities => "securities only",
        CertificateUsage.CreditCard => "credit card only",
        CertificateUsage.CivilService => "civil service only",
        CertificateUsage.Institution => "institution",
        CertificateUsage.Unknown => "unknown",
        _ => "unknown",
    };
}
