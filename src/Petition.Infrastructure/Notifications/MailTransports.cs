using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using Petition.Core.Notifications;

namespace Petition.Infrastructure.Notifications;

/// <summary>Where a built e-mail goes: an SMTP server or a pickup directory.</summary>
public interface IMailTransport
{
    /// <summary>Delivers the message, or throws. <paramref name="outboxId"/> names it (pickup file name).</summary>
    Task SendAsync(MimeMessage message, long outboxId, CancellationToken cancellationToken);
}

/// <summary>Builds the MIME message of an outbox row: UTF-8 plain text, a stable Message-Id per outbox row.</summary>
public static class OutboxMime
{
    public static MimeMessage Build(OutboxMessage message, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress ?? throw new InvalidOperationException("Notifications:FromAddress is not set.")));
        mime.To.Add(new MailboxAddress(message.ToName ?? string.Empty, message.ToAddress));
        mime.Subject = message.Subject;
        mime.Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAtUtc, DateTimeKind.Utc));

        // The same id on every attempt: a receiving system that saw it once may drop a re-sent copy.
        var domain = options.FromAddress is { } from && from.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? from[(at + 1)..] : "petition.local";
        mime.MessageId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"outbox-{message.Id}.{message.DeduplicationKey.Replace(':', '-')}@{domain}");
        mime.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = message.BodyText };
        return mime;
    }
}

/// <summary>Sends through MailKit's <see cref="SmtpClient"/>, one connection per message.</summary>
internal sealed class SmtpMailTransport(IOptions<NotificationOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, long outboxId, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(smtp.Timeout);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Notifications:Smtp:Host is not set."), smtp.Port, smtp.Security, timeout.Token);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, timeout.Token);
        }

        await client.SendAsync(message, timeout.Token);
        try
        {
            await client.DisconnectAsync(true, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or MailKit.ProtocolException or MailKit.CommandException)
        {
            // The server accepted the message (SendAsync returned); a failed QUIT does not unsend it.
        }
    }
}

/// <summary>
/// Writes each message as <c>{outbox id}.eml</c> in the pickup directory: to a temporary file first, then moved
/// into place, so a reader (or an MTA watching the folder) never sees half a message. A file already there
/// means an earlier attempt wrote it: it is not written again.
/// </summary>
internal sealed class PickupMailTransport(IOptions<NotificationOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, long outboxId, CancellationToken cancellationToken)
    {
        var directory = options.Value.PickupDirectory;
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, FileName(outboxId));
        if (File.Exists(target))
        {
            return;
        }

        var temporary = Path.Combine(directory, $".{outboxId}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await message.WriteToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            try
            {
                File.Move(temporary, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another sender wrote the same message first: one copy is enough.
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public static string FileName(long outboxId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{outboxId:D10}.eml");
}
