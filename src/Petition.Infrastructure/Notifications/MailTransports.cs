using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using Petition.Core.Notifications;

namespace Petition.Infrastructure.Notifications;

/// <summary>Where a built e-mail goes: an SMTP server or a pickup directory.</summary>
public interface IMailTransport
{
    /// <summary>Delivers <paramref name="message"/>, built from <paramref name="outbox"/> (which names it), or throws.</summary>
    Task SendAsync(MimeMessage message, OutboxMessage outbox, CancellationToken cancellationToken);
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
    public async Task SendAsync(MimeMessage message, OutboxMessage outbox, CancellationToken cancellationToken)
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
/// Writes each message as <c>{outbox id}-{content digest}.eml</c> in the pickup directory: to a temporary file
/// first, then moved into place, so a reader (or an MTA watching the folder) never sees half a message. A file
/// already there means an earlier attempt wrote this very message: it is not written again. The digest keeps a
/// recreated database (ids from 1 again) from mistaking its new messages for old files.
/// </summary>
internal sealed class PickupMailTransport(IOptions<NotificationOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, OutboxMessage outbox, CancellationToken cancellationToken)
    {
        var directory = options.Value.PickupDirectory;
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, FileName(outbox));
        if (File.Exists(target))
        {
            return;
        }

        var temporary = Path.Combine(directory, $".{outbox.Id}.{Guid.NewGuid():N}.tmp");
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

    /// <summary>The file name of one outbox message: its id and a digest of what it says and when it was queued.</summary>
    public static string FileName(OutboxMessage outbox)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        var content = string.Join('\n', outbox.DeduplicationKey, outbox.CreatedAtUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            outbox.ToAddress, outbox.Subject, outbox.BodyText);
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)))[..16];
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{outbox.Id:D10}-{digest}.eml");
    }
}
