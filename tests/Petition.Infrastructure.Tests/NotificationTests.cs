using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;
using Petition.Core.Notifications;
using Petition.Infrastructure.Notifications;
using static Petition.Infrastructure.Tests.WorkbenchFixture;

namespace Petition.Infrastructure.Tests;

/// <summary>
/// The outbox sender against a real SQLite outbox: pickup files (.eml, Korean subject encoded), a local SMTP
/// server stub that accepts, refuses (421, 554) or drops the connection, back-off, giving up, two senders at once,
/// the lease, the hosted loop, and the options validated on start.
/// </summary>
public sealed class NotificationTests
{
    private const string KoreanSubject = "[민원마당] 보완 요청: 근로조건 자율점검 상담 신청 (접수번호 20261201-000001)";

    private static Dictionary<string, string?> SmtpSettings(SmtpStub stub, string maxAttempts = "8") => new()
    {
        ["Notifications:Mode"] = "Smtp",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = stub.Port.ToString(CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:Smtp:Timeout"] = "00:00:05",
        ["Notifications:MaxAttempts"] = maxAttempts,
    };

    private static async Task<List<long>> QueueAsync(WorkbenchFixture fixture, int count)
    {
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Persistence.PetitionDbContext>();
        var messages = Enumerable.Range(1, count).Select(i => new OutboxMessage
        {
            DeduplicationKey = $"test:{i}",
            CreatedAtUtc = Now,
            NextAttemptAtUtc = Now,
            ToAddress = $"citizen{i}@example.com",
            ToName = "김민원",
            Subject = KoreanSubject,
            BodyText = $"김민원 님, 안녕하세요.\n보완 요청 {i}번입니다.\n민원 조회: https://minwon.example.go.kr/track\n",
        }).ToList();
        db.OutboxMessages.AddRange(messages);
        await db.SaveChangesAsync();
        return messages.Select(m => m.Id).ToList();
    }

    private static async Task<int> SendAsync(WorkbenchFixture fixture)
    {
        await using var scope = fixture.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync();
    }

    private static Task<OutboxMessage> MessageAsync(WorkbenchFixture fixture, long id) =>
        fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task Pickup_WritesOneEmlPerMessage_KoreanSubjectEncodedAndParsedBack()
    {
        await using var fixture = await WorkbenchFixture.CreateAsync();
        var ids = await QueueAsync(fixture, 2);

        Assert.Equal(2, await SendAsync(fixture));
        Assert.Equal(0, await SendAsync(fixture));

        var files = Directory.GetFiles(fixture.MailDirectory);
        var rows = await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(rows.Select(m => Path.Combine(fixture.MailDirectory, PickupMailTransport.FileName(m))).Order(), files.Order());
        Assert.All(files, f => Assert.Matches(@"^[0-9]{10}-[0-9a-f]{16}\.eml$", Path.GetFileName(f)));
        var raw = await File.ReadAllTextAsync(files.Order().First());
        Assert.DoesNotContain("민원마당", raw.Split("\r\n\r\n")[0], StringComparison.Ordinal); // headers are 7-bit, RFC 2047 encoded
        Assert.Contains("=?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        var parsed = await MimeMessage.LoadAsync(files.Order().First());
        Assert.Equal(KoreanSubject, parsed.Subject);
        Assert.Equal("citizen1@example.com", parsed.To.Mailboxes.Single().Address);
        Assert.Equal("김민원", parsed.To.Mailboxes.Single().Name);
        Assert.Equal(("no-reply@minwon.example.go.kr", "고용노동부 민원마당"), (parsed.From.Mailboxes.Single().Address, parsed.From.Mailboxes.Single().Name));
        Assert.Contains("보완 요청 1번입니다.", parsed.TextBody, StringComparison.Ordinal);
        Assert.StartsWith($"outbox-{ids[0]}.test-1@", parsed.MessageId, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(fixture.MailDirectory, "*.tmp", SearchOption.AllDirectories));
        foreach (var id in ids)
        {
            var message = await MessageAsync(fixture, id);
            Assert.Equal((Now, 1, (DateTime?)null), (message.SentAtUtc!.Value, message.Attempts, message.LockedUntilUtc));
        }
    }

    [Fact]
    public async Task Pickup_FileAlreadyWrittenByAnEarlierAttempt_IsNotWrittenAgainButMarkedSent()
    {
        await using var fixture = await WorkbenchFixture.CreateAsync();
        var id = (await QueueAsync(fixture, 1)).Single();
        Directory.CreateDirectory(fixture.MailDirectory);
        var path = Path.Combine(fixture.MailDirectory, PickupMailTransport.FileName(await MessageAsync(fixture, id)));
        await File.WriteAllTextAsync(path, "written before the node died");

        Assert.Equal(1, await SendAsync(fixture));

        Assert.Equal("written before the node died", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFiles(fixture.MailDirectory));
        Assert.NotNull((await MessageAsync(fixture, id)).SentAtUtc);
    }

    [Fact]
    public async Task Pickup_OldFileOfARecreatedDatabaseWithTheSameId_NewMessageIsStillWritten()
    {
        await using var fixture = await WorkbenchFixture.CreateAsync();
        var id = (await QueueAsync(fixture, 1)).Single();
        Directory.CreateDirectory(fixture.MailDirectory);
        await File.WriteAllTextAsync(Path.Combine(fixture.MailDirectory, $"{id:D10}-0000000000000000.eml"), "from a database since deleted");

        Assert.Equal(1, await SendAsync(fixture));

        var written = Path.Combine(fixture.MailDirectory, PickupMailTransport.FileName(await MessageAsync(fixture, id)));
        Assert.Equal(KoreanSubject, (await MimeMessage.LoadAsync(written)).Subject);
        Assert.Equal(2, Directory.GetFiles(fixture.MailDirectory).Length);
    }

    [Fact]
    public async Task Workflow_RequestSupplementThenSender_CitizenGetsOneMailWithTrackingLink()
    {
        await using var fixture = await WorkbenchFixture.CreateAsync();
        var petition = await fixture.FileAsync();
        var started = await fixture.WithWorkflowAsync(w => w.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, Clerk));
        await fixture.WithWorkflowAsync(w => w.RequestSupplementAsync(petition.Id, started.Petition!.ConcurrencyStamp, Clerk, "근무 기간을 적어 주세요."));

        Assert.Equal(1, await SendAsync(fixture));
        Assert.Equal(0, await SendAsync(fixture));

        var parsed = await MimeMessage.LoadAsync(Directory.GetFiles(fixture.MailDirectory).Single());
        Assert.Equal($"[민원마당] 보완 요청: 근로조건 자율점검 상담 신청 (접수번호 {petition.ReceiptNumber})", parsed.Subject);
        Assert.Contains("근무 기간을 적어 주세요.", parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("민원 조회: https://minwon.example.go.kr/track", parsed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("900101", parsed.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smtp_ServerAccepts_MessageArrivesOnceAndIsMarkedSent()
    {
        using var stub = new SmtpStub();
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: SmtpSettings(stub));
        var id = (await QueueAsync(fixture, 1)).Single();

        Assert.Equal(1, await SendAsync(fixture));
        Assert.Equal(0, await SendAsync(fixture));

        var received = Assert.Single(stub.Received);
        Assert.Equal(KoreanSubject, received.Subject);
        Assert.Contains("보완 요청 1번입니다.", received.TextBody, StringComparison.Ordinal);
        Assert.Equal(["citizen1@example.com"], stub.Recipients);
        var message = await MessageAsync(fixture, id);
        Assert.Equal((1, (string?)null), (message.Attempts, message.LastError));
        Assert.NotNull(message.SentAtUtc);
    }

    [Theory]
    [InlineData(SmtpBehaviour.Greet421, "421")]
    [InlineData(SmtpBehaviour.Reject554, "554")]
    [InlineData(SmtpBehaviour.DropAfterData, "")]
    public async Task Smtp_ServerFails_AttemptCountedErrorKeptBackedOff_ThenRetriedAndDeliveredOnce(SmtpBehaviour failure, string code)
    {
        using var stub = new SmtpStub { Behaviour = failure };
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: SmtpSettings(stub));
        var id = (await QueueAsync(fixture, 1)).Single();

        Assert.Equal(0, await SendAsync(fixture));

        var failed = await MessageAsync(fixture, id);
        Assert.Null(failed.SentAtUtc);
        Assert.Null(failed.FailedAtUtc);
        Assert.Null(failed.LockedUntilUtc);
        Assert.Equal(1, failed.Attempts);
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        Assert.Contains(code, failed.LastError, StringComparison.Ordinal);
        Assert.Equal(Now.AddSeconds(30), failed.NextAttemptAtUtc);
        Assert.Empty(stub.Received);

        // Not before the back-off has passed, even with a healthy server.
        stub.Behaviour = SmtpBehaviour.Accept;
        Assert.Equal(0, await SendAsync(fixture));
        Assert.Empty(stub.Received);

        fixture.Clock.Now = fixture.Clock.Now.AddSeconds(31);
        Assert.Equal(1, await SendAsync(fixture));
        Assert.Equal(0, await SendAsync(fixture));
        Assert.Single(stub.Received);
        var sent = await MessageAsync(fixture, id);
        Assert.Equal((2, (string?)null), (sent.Attempts, sent.LastError));
        Assert.NotNull(sent.SentAtUtc);
    }

    [Fact]
    public async Task Smtp_FailsEveryTime_BackOffDoublesAndGivesUpAfterMaxAttempts()
    {
        using var stub = new SmtpStub { Behaviour = SmtpBehaviour.Greet421 };
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: SmtpSettings(stub, maxAttempts: "3"));
        var id = (await QueueAsync(fixture, 1)).Single();

        await SendAsync(fixture);
        Assert.Equal(Now.AddSeconds(30), (await MessageAsync(fixture, id)).NextAttemptAtUtc);
        fixture.Clock.Now = fixture.Clock.Now.AddSeconds(30);
        await SendAsync(fixture);
        Assert.Equal(Now.AddSeconds(90), (await MessageAsync(fixture, id)).NextAttemptAtUtc); // 30 s, then 60 s
        fixture.Clock.Now = fixture.Clock.Now.AddSeconds(60);
        await SendAsync(fixture);

        var given = await MessageAsync(fixture, id);
        Assert.Equal(3, given.Attempts);
        Assert.Equal(fixture.Clock.Now.UtcDateTime, given.FailedAtUtc);
        stub.Behaviour = SmtpBehaviour.Accept;
        fixture.Clock.Now = fixture.Clock.Now.AddDays(1);
        Assert.Equal(0, await SendAsync(fixture));
        Assert.Empty(stub.Received);
        Assert.Equal(3, stub.Connections);

        var options = new NotificationOptions { InitialBackoff = TimeSpan.FromSeconds(30), MaxBackoff = TimeSpan.FromMinutes(5) };
        Assert.Equal(
            [30, 60, 120, 240, 300, 300],
            Enumerable.Range(1, 6).Select(n => (int)OutboxSender.Backoff(n, options).TotalSeconds));
    }

    [Fact]
    public async Task Smtp_TwoSendersAtOnce_EachMessageDeliveredExactlyOnce()
    {
        using var stub = new SmtpStub();
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: SmtpSettings(stub));
        var ids = await QueueAsync(fixture, 12);

        var sent = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => SendAsync(fixture))));

        Assert.Equal(12, sent.Sum());
        Assert.Equal(12, stub.Received.Count);
        Assert.Equal(12, stub.Received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"citizen{i}@example.com").Order(), stub.Recipients.Order());
        var rows = await fixture.QueryAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.All(rows, m => Assert.Equal(1, m.Attempts));
        Assert.All(rows, m => Assert.NotNull(m.SentAtUtc));
        Assert.Equal(ids.Order(), rows.Select(m => m.Id).Order());
    }

    [Fact]
    public async Task Sender_MessageLeasedByAnotherNode_NotTouchedUntilTheLeaseExpires()
    {
        using var stub = new SmtpStub();
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: SmtpSettings(stub));
        var id = (await QueueAsync(fixture, 1)).Single();
        await fixture.QueryAsync(db => db.OutboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntilUtc, Now.AddMinutes(5)).SetProperty(m => m.Stamp, Guid.NewGuid())));

        Assert.Equal(0, await SendAsync(fixture));
        Assert.Empty(stub.Received);

        // That node died mid-send: after the lease, another node takes the message over.
        fixture.Clock.Now = fixture.Clock.Now.AddMinutes(6);
        Assert.Equal(1, await SendAsync(fixture));
        Assert.Single(stub.Received);
    }

    [Fact]
    public async Task Disabled_SenderSendsNothing_MessagesStayQueued()
    {
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: new Dictionary<string, string?> { ["Notifications:Mode"] = "Disabled" });
        var id = (await QueueAsync(fixture, 1)).Single();

        Assert.Equal(0, await SendAsync(fixture));

        var message = await MessageAsync(fixture, id);
        Assert.Equal((0, (DateTime?)null), (message.Attempts, message.SentAtUtc));
        Assert.False(Directory.Exists(fixture.MailDirectory) && Directory.EnumerateFiles(fixture.MailDirectory).Any());
    }

    [Fact]
    public async Task HostedService_Running_DeliversQueuedMessagesInTheBackground()
    {
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: new Dictionary<string, string?> { ["Notifications:PollInterval"] = "00:00:00.100" });
        var ids = await QueueAsync(fixture, 3);
        var service = fixture.Services.GetServices<IHostedService>().OfType<OutboxSenderService>().Single();

        await service.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Directory.Exists(fixture.MailDirectory) ? Directory.GetFiles(fixture.MailDirectory, "*.eml").Length < 3 : true)
            {
                Assert.True(DateTime.UtcNow < deadline, "the background sender did not write the messages in time");
                await Task.Delay(50);
            }
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        Assert.Equal(3, Directory.GetFiles(fixture.MailDirectory, "*.eml").Length);
        foreach (var id in ids)
        {
            Assert.NotNull((await MessageAsync(fixture, id)).SentAtUtc);
        }
    }

    [Theory]
    [InlineData("Smtp", null, "no-reply@minwon.example.go.kr", "https://minwon.example.go.kr/", "Notifications:Smtp:Host is required when Notifications:Mode is Smtp")]
    [InlineData("Pickup", null, "not an address", "https://minwon.example.go.kr/", "Notifications:FromAddress must be an e-mail address")]
    [InlineData("Smtp", "smtp.example.go.kr", "no-reply@minwon.example.go.kr", null, "Notifications:PortalBaseUrl must be the portal's absolute public address")]
    public async Task Options_Incomplete_ValidationSaysWhatToConfigure(string mode, string? host, string? from, string? baseUrl, string expected)
    {
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Notifications:Mode"] = mode,
            ["Notifications:Smtp:Host"] = host,
            ["Notifications:FromAddress"] = from,
            ["Notifications:PortalBaseUrl"] = baseUrl,
        });

        var error = Assert.Throws<OptionsValidationException>(() => fixture.Services.GetRequiredService<IOptions<NotificationOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://minwon.example.go.kr", "https://minwon.example.go.kr/track")]
    [InlineData("https://www.example.go.kr/minwon", "https://www.example.go.kr/minwon/track")]
    [InlineData("https://www.example.go.kr/minwon/", "https://www.example.go.kr/minwon/track")]
    public async Task Composer_PortalBaseUrlWithOrWithoutPath_LinksToItsTrackingPage(string baseUrl, string expected)
    {
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: new Dictionary<string, string?> { ["Notifications:PortalBaseUrl"] = baseUrl });
        await using var scope = fixture.Scope();

        Assert.Equal(expected, scope.ServiceProvider.GetRequiredService<PetitionEmailComposer>().TrackingUrl);
    }

    [Fact]
    public async Task Options_RelativePickupDirectory_ResolvesUnderTheContentRoot()
    {
        await using var fixture = await WorkbenchFixture.CreateAsync(settings: new Dictionary<string, string?> { ["Notifications:PickupDirectory"] = "data/mail" });

        var options = fixture.Services.GetRequiredService<IOptions<NotificationOptions>>().Value;

        Assert.Equal(Path.GetFullPath(Path.Combine(Path.GetTempPath(), "data", "mail")), options.PickupDirectory);
    }
}

public enum SmtpBehaviour
{
    Accept,

    /// <summary>"421 Service not available" as the greeting, then the connection is closed.</summary>
    Greet421,

    /// <summary>Accepts the envelope and the data, then refuses the message with 554.</summary>
    Reject554,

    /// <summary>Reads the message data and drops the connection without an answer.</summary>
    DropAfterData,
}

/// <summary>A tiny SMTP server on a loopback port (the outside boundary), enough for MailKit without TLS or AUTH.</summary>
public sealed class SmtpStub : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly ConcurrentQueue<string> _recipients = new();
    private int _connections;

    public SmtpStub()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public volatile SmtpBehaviour Behaviour;

    public IReadOnlyList<MimeMessage> Received => [.. _received];

    public IReadOnlyList<string> Recipients => [.. _recipients];

    public int Connections => _connections;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var behaviour = Behaviour;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            if (behaviour == SmtpBehaviour.Greet421)
            {
                await writer.WriteLineAsync("421 4.3.2 Service not available, closing transmission channel");
                return;
            }

            await writer.WriteLineAsync("220 stub.local ESMTP ready");
            var recipients = new List<string>();
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-stub.local");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                    case "MAIL":
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "RCPT":
                        recipients.Add(line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)]);
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        switch (behaviour)
                        {
                            case SmtpBehaviour.DropAfterData:
                                client.Client.Close();
                                return;
                            case SmtpBehaviour.Reject554:
                                await writer.WriteLineAsync("554 5.7.1 Message rejected");
                                break;
                            case SmtpBehaviour.Accept:
                            case SmtpBehaviour.Greet421:
                                _received.Enqueue(MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString()))));
                                foreach (var recipient in recipients)
                                {
                                    _recipients.Enqueue(recipient);
                                }

                                await writer.WriteLineAsync("250 2.0.0 queued");
                                break;
                        }

                        recipients.Clear();
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("500 5.5.1 command unrecognized");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away.
        }
    }
}
