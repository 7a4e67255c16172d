using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Petition.Infrastructure.Notifications;

/// <summary>How queued e-mails leave the portal.</summary>
public enum NotificationMode
{
    /// <summary>Through an SMTP server (<see cref="NotificationOptions.Smtp"/>).</summary>
    Smtp,

    /// <summary>As <c>.eml</c> files in <see cref="NotificationOptions.PickupDirectory"/> (development, demo, or an MTA's pickup folder).</summary>
    Pickup,

    /// <summary>Not sent: messages stay queued in the outbox until a mode is configured.</summary>
    Disabled,
}

/// <summary>The <c>Notifications</c> configuration section: the e-mails the status workflow queues and their sender.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>
    /// Disabled when the section is absent (tools, tests); <c>appsettings.json</c> sets Smtp for production (which then
    /// refuses to start until <c>Smtp:Host</c> is configured) and <c>appsettings.Development.json</c> sets Pickup.
    /// </summary>
    public NotificationMode Mode { get; set; } = NotificationMode.Disabled;

    /// <summary>The portal's public address, for the tracking link in e-mails (e.g. <c>https://minwon.example.go.kr/</c>).</summary>
    public Uri? PortalBaseUrl { get; set; }

    /// <summary>The sender address (발신 전용).</summary>
    public string? FromAddress { get; set; }

    [Required]
    [StringLength(100)]
    public string FromName { get; set; } = "고용노동부 민원마당";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Pickup mode: where the <c>.eml</c> files go; relative paths resolve against the content root.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "data/mail";

    /// <summary>How many due messages one pass of the sender claims.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>After this many failed attempts a message is given up (<c>FailedAtUtc</c>), for an operator.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How often the sender looks for due messages.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after the first failure; doubled after each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How long a sender owns a claimed message. Must be longer than one send (<see cref="SmtpSettings.Timeout"/>),
    /// or a slow send could be taken over by another node.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The <c>Notifications:Smtp</c> section.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>MailKit's TLS choice: <c>StartTls</c> (587), <c>SslOnConnect</c> (465), <c>StartTlsWhenAvailable</c>, <c>None</c>, <c>Auto</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>Optional: the account to authenticate with (no AUTH when empty).</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Timeout of one SMTP conversation.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
