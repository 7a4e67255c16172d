using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;
using Petition.Core.Auditing;
using Petition.Core.Workbench;
using Petition.Infrastructure.Auditing;
using Petition.Infrastructure.Notifications;

namespace Petition.Infrastructure.Workbench;

public static class WorkbenchServices
{
    /// <summary>
    /// The status workflow, the audit log, and the e-mail outbox: the <c>Notifications</c> options (validated on
    /// start), the composer, the transport chosen by <c>Notifications:Mode</c> and the background sender.
    /// </summary>
    public static IServiceCollection AddPetitionWorkflow(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.SectionName))
            .ValidateDataAnnotations()
            .PostConfigure(o =>
            {
                // Demo mode without an SMTP server writes the e-mails to data/mail instead of refusing to start.
                if (configuration.GetValue<bool>("Demo:Enabled") && o.Mode == NotificationMode.Smtp && string.IsNullOrWhiteSpace(o.Smtp.Host))
                {
                    o.Mode = NotificationMode.Pickup;
                    o.FromAddress ??= "no-reply@minwon.demo.example";
                    o.PortalBaseUrl ??= new Uri("http://localhost:5080/");
                }

                o.PickupDirectory = Path.GetFullPath(o.PickupDirectory, environment.ContentRootPath);
            })
            .Validate(o => o.Mode != NotificationMode.Smtp || !string.IsNullOrWhiteSpace(o.Smtp.Host),
                "Notifications:Smtp:Host is required when Notifications:Mode is Smtp: set Notifications:Smtp:Host, Port, Security "
                + "(StartTls, SslOnConnect, None), UserName and Password, or set Notifications:Mode to Pickup (write .eml files to "
                + "Notifications:PickupDirectory) or Disabled (keep e-mails queued in the outbox).")
            .Validate(o => o.Mode == NotificationMode.Disabled || (o.FromAddress is { } from && MailboxAddress.TryParse(from, out _) && from.Contains('@', StringComparison.Ordinal)),
                "Notifications:FromAddress must be an e-mail address (the sender of the citizens' notifications) unless Notifications:Mode is Disabled.")
            .Validate(o => o.Mode == NotificationMode.Disabled || o.PortalBaseUrl is { IsAbsoluteUri: true },
                "Notifications:PortalBaseUrl must be the portal's absolute public address (e.g. https://minwon.example.go.kr/), for the tracking link in e-mails.")
            .Validate(o => o.LeaseDuration > o.Smtp.Timeout, "Notifications:LeaseDuration must be longer than Notifications:Smtp:Timeout.")
            .Validate(o => o.MaxBackoff >= o.InitialBackoff, "Notifications:MaxBackoff must not be shorter than Notifications:InitialBackoff.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<PetitionEmailComposer>();
        services.AddScoped<PetitionWorkflow>();
        services.AddScoped<IPetitionWorkflow>(provider => provider.GetRequiredService<PetitionWorkflow>());
        services.AddScoped<IPendingRefunds>(provider => provider.GetRequiredService<PetitionWorkflow>());
        services.AddScoped<SmtpMailTransport>();
        services.AddScoped<PickupMailTransport>();
        services.AddScoped<IMailTransport>(provider =>
            provider.GetRequiredService<IOptions<NotificationOptions>>().Value.Mode == NotificationMode.Smtp
                ? provider.GetRequiredService<SmtpMailTransport>()
                : provider.GetRequiredService<PickupMailTransport>());
        services.AddScoped<OutboxSender>();
        services.AddHostedService<OutboxSenderService>();
        return services;
    }
}
