using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;
using Petition.Core.Applications;
using Petition.Core.Payments;
using Petition.Core.Workbench;
using Petition.Infrastructure.Notifications;
using Petition.Infrastructure.Payments;
using Petition.Infrastructure.Persistence;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// The notification pipeline in the running portal: a citizen files through the real pages, a clerk's status
/// change queues the e-mail in the same transaction, the portal's own background sender writes it (pickup),
/// and the citizen reads the same request in tracking. Plus the configuration checks on start.
/// </summary>
public sealed class NotificationPipelineTests : IDisposable
{
    private readonly string _mail = Path.Combine(Path.GetTempPath(), "petition-tests", $"mail-{Guid.NewGuid():N}");
    private readonly PortalFactory _portal = new();

    public NotificationPipelineTests()
    {
        _portal.Settings["Notifications:PickupDirectory"] = _mail;
        _portal.Settings["Notifications:PollInterval"] = "00:00:00.100";
    }

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
        if (Directory.Exists(_mail))
        {
            Directory.Delete(_mail, recursive: true);
        }
    }

    private async Task<string[]> WaitForMailAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Directory.Exists(_mail) || Directory.GetFiles(_mail, "*.eml").Length < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the portal's background sender did not write the e-mail in time");
            await Task.Delay(50);
        }

        return Directory.GetFiles(_mail, "*.eml");
    }

    [Fact]
    public async Task RequestSupplement_OnAFiledPetition_CitizenGetsOneEmailAndReadsTheRequestInTracking()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        var receiptPage = await citizen.FileWageArrearsWithoutCertificateAsync();
        var receipt = Citizen.ReceiptNumber(receiptPage)!;
        var clerk = new StaffActor("clerk-1", "이노동 주무관", "근로개선지도과", false);

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var petition = db.Petitions.Single(p => p.ReceiptNumber == receipt);
            var workflow = scope.ServiceProvider.GetRequiredService<IPetitionWorkflow>();
            var started = await workflow.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, clerk);
            var requested = await workflow.RequestSupplementAsync(petition.Id, started.Petition!.ConcurrencyStamp, clerk, "체불 기간의 급여명세서를 제출해 주세요.");
            Assert.Equal(TransitionOutcome.Done, requested.Outcome);
        }

        var file = Assert.Single(await WaitForMailAsync(1));
        var mail = await MimeMessage.LoadAsync(file);
        Assert.Equal($"[민원마당] 보완 요청: 체불임금등·사업주확인서 발급 (접수번호 {receipt})", mail.Subject);
        Assert.Equal("minwon@example.kr", mail.To.Mailboxes.Single().Address);
        Assert.Contains("체불 기간의 급여명세서를 제출해 주세요.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("민원 조회: http://localhost:5080/track", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.RrnBack, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Citizen.RrnFront, mail.TextBody, StringComparison.Ordinal);

        var browser = _portal.CreatePortalClient();
        var track = await FormPage.GetAsync(browser, "/track");
        var result = await track.PostAsync(browser, ("ReceiptNumber", receipt), ("Name", Citizen.Name), ("BirthDate", "1990-01-01"));
        var section = result.Document.QuerySelector("[data-track-result]")!;
        Assert.Equal("보완요청", section.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("보완 요청: 체불 기간의 급여명세서를 제출해 주세요.", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("담당자가 민원 처리를 시작했습니다.", section.TextContent, StringComparison.Ordinal);

        // Sent once: later passes of the sender find nothing due.
        await Task.Delay(400);
        Assert.Single(Directory.GetFiles(_mail, "*.eml"));
    }

    [Fact]
    public async Task Complete_OnlineWithTheRealIssuer_StoresTheSignedPdfAndEmailsItsNumber()
    {
        var citizen = new Citizen(_portal.CreatePortalClient());
        await citizen.StartAsync("근로조건 자율점검 상담 신청");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client, ("Answers[role]", "근로자"), ("Answers[topic]", "임금"), ("Answers[question]", "연장근로수당 계산 방법"));
        await citizen.ChooseDeliveryAsync("Online");
        var receipt = Citizen.ReceiptNumber(await citizen.ConfirmReviewAsync())!;
        var clerk = new StaffActor("clerk-2", "박근로 주무관", "근로기준정책과", false);

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            var petition = await db.Petitions.AsNoTracking().SingleAsync(p => p.ReceiptNumber == receipt);
            var workflow = scope.ServiceProvider.GetRequiredService<IPetitionWorkflow>();
            var started = await workflow.StartProcessingAsync(petition.Id, petition.ConcurrencyStamp, clerk);
            var completed = await workflow.CompleteAsync(petition.Id, started.Petition!.ConcurrencyStamp, clerk, new CompletionDetails(null));
            Assert.Equal(TransitionOutcome.Done, completed.Outcome);
        }

        var mail = await MimeMessage.LoadAsync(Assert.Single(await WaitForMailAsync(1)));
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var document = await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().IssuedDocuments.AsNoTracking().SingleAsync();
            Assert.Equal(receipt, document.ReceiptNumber);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(document.Pdf, 0, 4));
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(document.Pdf)), document.PdfSha256, ignoreCase: true);
            Assert.StartsWith($"[민원마당] 처리 완료: 근로조건 자율점검 상담 신청 (접수번호 {receipt})", mail.Subject, StringComparison.Ordinal);
            Assert.Contains($"발급번호: {document.DocumentNumber}", mail.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Development_RelativePickupDirectory_ResolvesUnderTheContentRoot()
    {
        using var portal = new PortalFactory();
        portal.Settings["Notifications:PickupDirectory"] = "data/mail"; // the appsettings default (test hosts use a temp folder)

        var options = portal.Services.GetRequiredService<IOptions<NotificationOptions>>().Value;

        Assert.Equal(NotificationMode.Pickup, options.Mode);
        Assert.EndsWith(Path.Combine("Petition.Web", "data", "mail"), options.PickupDirectory, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://localhost:5080/"), options.PortalBaseUrl);
        PortalFactory.DeleteDatabase(portal.DatabaseFile);
    }

    [Fact]
    public void Startup_ProductionWithoutSmtpHost_IsRefusedSayingWhatToConfigure()
    {
        using var production = new PortalFactory();
        production.Environment = "Production";
        production.Settings["Demo:Enabled"] = "false";

        var error = Assert.ThrowsAny<Exception>(() => production.CreatePortalClient());

        Assert.Contains("Notifications:Smtp:Host is required when Notifications:Mode is Smtp", error.ToString(), StringComparison.Ordinal);
        PortalFactory.DeleteDatabase(production.DatabaseFile);
    }

    [Fact]
    public async Task Reject_PaidPetitionWhileTheGatewayIsDown_RejectionStands_BackgroundJobRefundsOnceLater()
    {
        var gateway = new RefundOutage { Down = true };
        _portal.Settings["Payments:ReconcileInterval"] = "00:00:00.200";
        using var node = _portal.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<IPaymentGateway>();
            services.AddScoped<IPaymentGateway>(provider => gateway.Around(provider.GetRequiredService<DemoCardGateway>()));
        }));
        var citizen = new Citizen(node.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(new CookieContainer())));
        await citizen.StartAsync("직업능력개발훈련 수료증명서 발급");
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client,
            ("Answers[courseName]", "빅데이터 분석 실무"), ("Answers[institution]", "한빛직업전문학교"),
            ("Answers[completedOn]", "2026-10-30"), ("Answers[copies]", "1"));
        await citizen.ChooseDeliveryAsync("Online");
        await citizen.ConfirmReviewAsync();
        await citizen.DeclareNoCertificateAsync();
        var hosted = await (await citizen.OpenAsync("payment")).PostAsync(citizen.Client, ("method", "online"));
        var receipt = Citizen.ReceiptNumber(await hosted.PostAsync(citizen.Client, ("cardNumber", "4242-4242-4242-4242"), ("action", "pay")))!;
        var clerk = new StaffActor("clerk-7", "정직능 주무관", "직업능력정책과", false);

        TransitionResult rejected;
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var petition = await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking().SingleAsync(p => p.ReceiptNumber == receipt);
            Assert.Equal(FeeStatus.Paid, petition.FeeStatus);
            rejected = await scope.ServiceProvider.GetRequiredService<IPetitionWorkflow>()
                .RejectAsync(petition.Id, petition.ConcurrencyStamp, clerk, "훈련 수료 기록이 확인되지 않습니다.");
        }

        Assert.Equal(TransitionOutcome.Done, rejected.Outcome);
        Assert.Contains("자동으로 다시 시도합니다", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(PetitionStatus.Rejected, rejected.Petition!.Status);

        gateway.Down = false;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await FeeStatusAsync(node, receipt) != FeeStatus.Refunded)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reconciliation job did not retry the refund in time");
            await Task.Delay(100);
        }

        await Task.Delay(600); // a few more passes of the job: still one refund
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
            Assert.Equal(PaymentStatus.Refunded, await db.Payments.AsNoTracking().Select(p => p.Status).SingleAsync());
            Assert.Equal(DemoOrderStatus.Canceled, await db.DemoGatewayOrders.AsNoTracking().Select(o => o.Status).SingleAsync());
            Assert.Equal(1, await db.PetitionHistory.CountAsync(h => h.Note!.Contains("1,000원 환불:")));
            Assert.Equal(PetitionStatus.Rejected, await db.Petitions.AsNoTracking().Select(p => p.Status).SingleAsync());
        }

        // The citizen sees the rejection reason, the pending note and the refund in tracking.
        var browser = node.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(new CookieContainer()));
        var track = await FormPage.GetAsync(browser, "/track");
        var result = await track.PostAsync(browser, ("ReceiptNumber", receipt), ("Name", Citizen.Name), ("BirthDate", "1990-01-01"));
        var section = result.Document.QuerySelector("[data-track-result]")!;
        Assert.Equal("반려", section.QuerySelector("[data-status]")!.TextContent.Trim());
        Assert.Contains("반려 사유: 훈련 수료 기록이 확인되지 않습니다.", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("환불 처리 대기", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("수수료 1,000원 환불", section.TextContent, StringComparison.Ordinal);
    }

    private static async Task<FeeStatus> FeeStatusAsync(WebApplicationFactory<Program> node, string receipt)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PetitionDbContext>().Petitions.AsNoTracking()
            .Where(p => p.ReceiptNumber == receipt).Select(p => p.FeeStatus).SingleAsync();
    }

    /// <summary>The payment gateway's refund endpoint unreachable (the outside boundary) until switched back.</summary>
    private sealed class RefundOutage
    {
        public volatile bool Down;

        public IPaymentGateway Around(IPaymentGateway inner) => new Wrapper(this, inner);

        private sealed class Wrapper(RefundOutage owner, IPaymentGateway inner) : IPaymentGateway
        {
            public string Provider => inner.Provider;

            public Task<PaymentCheckout> PrepareAsync(Payment payment, PaymentReturnUrls urls, CancellationToken cancellationToken = default) =>
                inner.PrepareAsync(payment, urls, cancellationToken);

            public Task<GatewayPayment> ConfirmAsync(string paymentKey, string orderId, int amount, string idempotencyKey, CancellationToken cancellationToken = default) =>
                inner.ConfirmAsync(paymentKey, orderId, amount, idempotencyKey, cancellationToken);

            public Task<GatewayPayment> GetStatusAsync(string orderId, CancellationToken cancellationToken = default) => inner.GetStatusAsync(orderId, cancellationToken);

            public Task<GatewayPayment> RefundAsync(string paymentKey, int amount, string reason, string idempotencyKey, CancellationToken cancellationToken = default) =>
                owner.Down ? throw new HttpRequestException("connection refused") : inner.RefundAsync(paymentKey, amount, reason, idempotencyKey, cancellationToken);
        }
    }
}
