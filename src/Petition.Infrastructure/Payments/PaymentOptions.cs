using System.ComponentModel.DataAnnotations;

namespace Petition.Infrastructure.Payments;

public enum PaymentProvider
{
    /// <summary>The embedded demo card gateway (hosted page inside the portal, test cards).</summary>
    Demo,

    /// <summary>Toss Payments: client widget, redirect, server-side confirm with the secret key.</summary>
    Toss,
}

/// <summary>The <c>Payments</c> configuration section.</summary>
public sealed class PaymentOptions
{
    public const string SectionName = "Payments";

    public PaymentProvider Provider { get; set; } = PaymentProvider.Demo;

    /// <summary>How often the reconciliation job looks for payments in doubt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A confirm still running after this long is taken to have died with its node, and reconciled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ConfirmStaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    public TossOptions Toss { get; set; } = new();
}

/// <summary>The <c>Payments:Toss</c> section (keys from the Toss Payments developer centre).</summary>
public sealed class TossOptions
{
    /// <summary>Secret key (<c>test_sk_…</c> / <c>live_sk_…</c>); server side only, never sent to the browser.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Client key (<c>test_ck_…</c> / <c>live_ck_…</c>) for the browser widget.</summary>
    public string? ClientKey { get; set; }

    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.tosspayments.com/");

    /// <summary>Timeout of one API call; an unanswered confirm goes to reconciliation.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The browser SDK script.</summary>
    [Required]
    public Uri ScriptUrl { get; set; } = new("https://js.tosspayments.com/v2/standard");
}
