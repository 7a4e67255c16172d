using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Petition.Core.Notifications;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Notifications;

/// <summary>
/// Delivers due outbox messages. A message is claimed with one conditional UPDATE on its <c>Stamp</c>
/// (concurrency token) that also sets a lease (<c>LockedUntilUtc</c>): of two senders on two nodes only one
/// claims it, and nobody else touches it while the lease runs. It is marked sent right after the transport
/// returns; a failure counts an attempt, stores the error and backs off exponentially, up to
/// <see cref="NotificationOptions.MaxAttempts"/>, then the message is given up (<c>FailedAtUtc</c>).
/// </summary>
/// <remarks>
/// At-least-once, not exactly-once, for SMTP: if a node dies (or loses the database) after the SMTP server
/// accepted a message but before it is marked sent, the lease expires and another node sends it again. The
/// Message-Id is the same on every attempt, so the duplicate is recognisable. Pickup mode is exactly-once: the
/// file is named by the message (id and content digest) and an existing file is never written again.
/// </remarks>
public sealed partial class OutboxSender(
    PetitionDbContext db, IMailTransport transport, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<OutboxSender> logger)
{
    private DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    /// <summary>Sends one batch of due messages; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (settings.Mode == NotificationMode.Disabled)
        {
            return 0;
        }

        var now = UtcNow;
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAtUtc == null && m.FailedAtUtc == null && m.NextAttemptAtUtc <= now
                && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .OrderBy(m => m.NextAttemptAtUtc).ThenBy(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var message in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lease = await ClaimAsync(message, settings, cancellationToken);
            if (lease is null)
            {
                continue; // another sender claimed it (or sent it) since we listed it
            }

            try
            {
                await transport.SendAsync(OutboxMime.Build(message, settings), message, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down mid-send: give the lease back without counting an attempt.
                await ReleaseAsync(message.Id, lease.Value);
                throw;
            }
            catch (Exception ex)
            {
                await RecordFailureAsync(message, lease.Value, ex, settings);
                continue;
            }

            // Right after the transport returned, with no cancellation: the window for a duplicate is this one UPDATE.
            var marked = await db.OutboxMessages
                .Where(m => m.Id == message.Id && m.Stamp == lease.Value)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.SentAtUtc, UtcNow)
                    .SetProperty(m => m.LockedUntilUtc, (DateTime?)null)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.Stamp, Guid.NewGuid()), CancellationToken.None);
            if (marked == 1)
            {
                sent++;
                LogSent(logger, message.Id, message.DeduplicationKey);
            }
            else
            {
                LogLeaseLost(logger, message.Id);
            }
        }

        return sent;
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: initial × 2^(attempts−1), at most the maximum.</summary>
    public static TimeSpan Backoff(int attempts, NotificationOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = settings.InitialBackoff.Ticks * Math.Pow(2, exponent);
        return ticks >= settings.MaxBackoff.Ticks ? settings.MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    private async Task<Guid?> ClaimAsync(OutboxMessage message, NotificationOptions settings, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        var lockedUntil = now + settings.LeaseDuration;
        var lease = Guid.NewGuid();
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == message.Id && m.Stamp == message.Stamp && m.SentAtUtc == null && m.FailedAtUtc == null
                && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .ExecuteUpdateAsync(u => u
                .SetProperty(m => m.LockedUntilUtc, lockedUntil)
                .SetProperty(m => m.Stamp, lease), cancellationToken);
        return claimed == 1 ? lease : null;
    }

    private async Task RecordFailureAsync(OutboxMessage message, Guid lease, Exception error, NotificationOptions settings)
    {
        var now = UtcNow;
        var attempts = message.Attempts + 1;
        var givenUp = attempts >= settings.MaxAttempts;
        var next = now + Backoff(attempts, settings);
        DateTime? failedAt = givenUp ? now : null;
        var text = Truncate(Describe(error), 2000);
        await db.OutboxMessages
            .Where(m => m.Id == message.Id && m.Stamp == lease)
            .ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.NextAttemptAtUtc, next)
                .SetProperty(m => m.FailedAtUtc, failedAt)
                .SetProperty(m => m.LockedUntilUtc, (DateTime?)null)
                .SetProperty(m => m.Stamp, Guid.NewGuid()), CancellationToken.None);
        if (givenUp)
        {
            LogGivenUp(logger, message.Id, attempts, error);
        }
        else
        {
            LogFailed(logger, message.Id, attempts, next, error);
        }
    }

    private Task ReleaseAsync(long id, Guid lease) =>
        db.OutboxMessages
            .Where(m => m.Id == id && m.Stamp == lease)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntilUtc, (DateTime?)null).SetProperty(m => m.Stamp, Guid.NewGuid()), CancellationToken.None);

    /// <summary>The error as an operator reads it: the SMTP reply code when the server gave one.</summary>
    private static string Describe(Exception error) => error switch
    {
        MailKit.Net.Smtp.SmtpCommandException smtp => string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode}): {smtp.Message}"),
        _ => $"{error.GetType().Name}: {error.Message}",
    };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent e-mail {OutboxId} ({Key})")]
    private static partial void LogSent(ILogger logger, long outboxId, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {OutboxId} was sent but its lease had been taken over; it may be sent twice")]
    private static partial void LogLeaseLost(ILogger logger, long outboxId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending e-mail {OutboxId} failed (attempt {Attempts}); next attempt at {NextAttemptUtc:o}")]
    private static partial void LogFailed(ILogger logger, long outboxId, int attempts, DateTime nextAttemptUtc, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up sending e-mail {OutboxId} after {Attempts} attempts")]
    private static partial void LogGivenUp(ILogger logger, long outboxId, int attempts, Exception exception);
}

/// <summary>
/// Runs <see cref="OutboxSender"/> on every node every <see cref="NotificationOptions.PollInterval"/> (at once
/// again while batches come back full). The claims in the database keep two nodes off the same message.
/// </summary>
public sealed partial class OutboxSenderService(
    IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<OutboxSenderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Mode == NotificationMode.Disabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        do
        {
            int sent;
            do
            {
                sent = 0;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    sent = await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPassFailed(logger, ex);
                }
            }
            while (sent >= settings.BatchSize && !stoppingToken.IsCancellationRequested);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications:Mode is Disabled: e-mails are queued in the outbox but not sent")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending queued e-mails failed; will retry")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
