namespace Petition.Core.Catalog;

/// <summary>How the citizen receives the result (수령 방법).</summary>
public enum DeliveryMethod
{
    /// <summary>우편 수령: needs a mailing address.</summary>
    Postal = 1,

    /// <summary>온라인 열람·발급.</summary>
    Online = 2,

    /// <summary>방문 수령: collected at the office, identity checked at the counter.</summary>
    InPerson = 3,
}

[Flags]
public enum DeliveryMethods
{
    None = 0,
    Postal = 1,
    Online = 2,
    InPerson = 4,
    All = Postal | Online | InPerson,
}

public static class DeliveryMethodExtensions
{
    public static DeliveryMethods AsFlag(this DeliveryMethod method) => method switch
    {
        DeliveryMethod.Postal => DeliveryMethods.Postal,
        DeliveryMethod.Online => DeliveryMethods.Online,
        DeliveryMethod.InPerson => DeliveryMethods.InPerson,
        _ => DeliveryMethods.None,
    };

    public static bool Allows(this DeliveryMethods allowed, DeliveryMethod method) =>
        (allowed & method.AsFlag()) != 0;

    public static string KoreanName(this DeliveryMethod method) => method switch
    {
        DeliveryMethod.Postal => "우편 수령",
        DeliveryMethod.Online => "온라인 열람·발급",
        DeliveryMethod.InPerson => "방문 수령",
        _ => method.ToString(),
    };

    public static IEnumerable<DeliveryMethod> Each(this DeliveryMethods allowed) =>
        Enum.GetValues<DeliveryMethod>().Where(m => allowed.Allows(m));
}
