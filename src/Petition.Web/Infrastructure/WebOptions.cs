using System.ComponentModel.DataAnnotations;

namespace Petition.Web.Infrastructure;

/// <summary>The <c>Drafts</c> section: how long a draft is kept and how often expired ones are removed.</summary>
public sealed class DraftOptions
{
    public const string SectionName = "Drafts";

    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>The <c>Requests</c> section: the largest request body the portal accepts.</summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "Requests";

    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}
