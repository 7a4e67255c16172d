using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Petition.Core.Payments;
using Petition.Infrastructure.Payments;
using Petition.Web.Tests.Support;

namespace Petition.Web.Tests;

/// <summary>
/// Step 7 through the real pipeline with the embedded demo gateway: hosted page, untrusted return URL,
/// server-side confirm, one transaction with the submission, reconciliation and refund.
/// </summary>
public sealed class PaymentTests : IDisposable
{
    private const string TrainingCert = "직업능력개발훈련 수료증명서 발급";
    private readonly PortalFactory _portal = new();

    public void Dispose()
    {
        _portal.Dispose();
        PortalFactory.DeleteDatabase(_portal.DatabaseFile);
    }

    private static async Task<object?> ScalarAsync(PortalFactory portal, string sql)
    {
        await using var db = portal.OpenDatabase();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<long> CountAsync(PortalFactory portal, string table) => (long)(await ScalarAsync(portal, $"SELECT COUNT(*) FROM {table}"))!;

    private static async Task<long> ChargesAsync(PortalFactory portal) => (long)(await ScalarAsync(portal, "SELECT COALESCE(SUM(ChargeCount), 0) FROM DemoGatewayOrders"))!;

    private static async Task<PaymentStatus> StatusAsync(PortalFactory portal) => (PaymentStatus)(long)(await ScalarAsync(portal, "SELECT Status FROM Payments"))!;

    /// <summary>The fee petition (1,000원, online or at the counter for in-person pickup) up to step 7.</summary>
    private static async Task<(Citizen Citizen, FormPage Payment)> AtPaymentStepAsync(HttpClient client)
    {
        var citizen = new Citizen(client);
        await citizen.StartAsync(TrainingCert);
        await citizen.FillApplicantAsync();
        var form = await citizen.OpenAsync("form");
        await form.PostAsync(citizen.Client,
            ("Answers[courseName]", "빅데이터 분석 실무"), ("Answers[institution]", "한빛직업전문학교"),
            ("Answers[completedOn]", "2026-10-30"), ("Answers[copies]", "1"));
        await citizen.ChooseDeliveryAsync("Online");
        await citizen.ConfirmReviewAsync();
        var payment = await citizen.DeclareNoCertificateAsync();
        Assert.EndsWith("/payment", payment.Path, StringComparison.Ordinal);
        return (citizen, payment);
    }

    /// <summary>"결제하기" on step 7: lands on the demo gateway's hosted page.</summary>
    private static async Task<FormPage> OpenGatewayAsync(Citizen citizen)
    {
        var step = await citizen.OpenAsync("payment");
        var hosted = await step.PostAsync(citizen.Client, ("method", "online"));
        Assert.StartsWith("/payments/demo/", hosted.Path, StringComparison.Ordinal);
        return hosted;
    }

    private static async Task<FormPage> PayAsync(Citizen citizen, string card)
    {
        var hosted = await OpenGatewayAsync(citizen);
        return await hosted.PostAsync(citizen.Client, ("cardNumber", card), ("action", "pay"));
    }

    [Fact]
    public async Task Approve_ReceivesThePetition_ReceiptShowsAmountMethodAndApprovalNumber()
    {
        var (citizen, step) = await AtPaymentStepAsync(_portal.CreatePortalClient());
        Assert.Contains("1,000원", step.Text, StringComparison.Ordinal);
        Assert.Contains("결제하기", step.Text, StringComparison.Ordinal);

        var hosted = await OpenGatewayAsync(citizen);
        Assert.Contains("1,000원", hosted.Text, StringComparison.Ordinal);
        Assert.Contains("4242-4242-4242-4242", hosted.Text, StringComparison.Ordinal);
        var receipt = await hosted.PostAsync(citizen.Client, ("cardNumber", "4242-4242-4242-4242"), ("action", "pay"));

        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.NotNull(Citizen.ReceiptNumber(receipt));
        Assert.Contains("1,000원 (결제 완료)", receipt.Text, StringComparison.Ordinal);
        Assert.Equal("1,000원", receipt.Document.QuerySelector("[data-paid-amount]")!.TextContent.Trim());
        Assert.Equal("카드", receipt.Document.QuerySelector("[data-payment-method]")!.TextContent.Trim());
        Assert.Matches("^[0-9]{8}$", receipt.Document.QuerySelector("[data-approval-number]")!.TextContent.Trim());
        Assert.Equal(PaymentStatus.Approved, await StatusAsync(_portal));
        Assert.Equal(1, await CountAsync(_portal, "Petitions"));
        Assert.Equal(2L, await ScalarAsync(_portal, "SELECT FeeStatus FROM Petitions")); // Paid
        Assert.Equal(1, await ChargesAsync(_portal));

        // Back to step 7 after the receipt: the receipt again, nothing to pay.
        Assert.EndsWith("/receipt", (await citizen.OpenAsync("payment")).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decline_ShowsKoreanMessageWithRetryAndCounter_ThenRetrySucceedsOnTheSameOrder()
    {
        var (citizen, _) = await AtPaymentStepAsync(_portal.CreatePortalClient());

        var declined = await PayAsync(citizen, "4000000000000002");

        Assert.EndsWith("/payment", declined.Path, StringComparison.Ordinal);
        Assert.Contains("카드사에서 결제를 승인하지 않았습니다", declined.Text, StringComparison.Ordinal);
        Assert.Contains("다시 결제하기", declined.Text, StringComparison.Ordinal);
        Assert.Contains("창구에서 납부하고 신청서 제출", declined.Text, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Declined, await StatusAsync(_portal));
        Assert.Equal(0, await CountAsync(_portal, "Petitions"));
        Assert.Equal(0, await ChargesAsync(_portal));

        // Nothing lost: the earlier answers are still there.
        Assert.Equal(Citizen.Name, (await citizen.OpenAsync("applicant")).Value("Name"));

        var receipt = await PayAsync(citizen, "4242424242424242");
        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(_portal, "Payments"));
        Assert.Equal(1, await ChargesAsync(_portal));
    }

    [Fact]
    public async Task Cancel_ReturnsToStepSeven_ThenPayAtCounterReceivesUnpaid()
    {
        var (citizen, _) = await AtPaymentStepAsync(_portal.CreatePortalClient());
        var hosted = await OpenGatewayAsync(citizen);

        var cancelled = await hosted.PostAsync(citizen.Client, ("cardNumber", string.Empty), ("action", "cancel"));

        Assert.EndsWith("/payment", cancelled.Path, StringComparison.Ordinal);
        Assert.Contains("결제를 취소하셨습니다", cancelled.Text, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Cancelled, await StatusAsync(_portal));

        var receipt = await cancelled.PostAsync(citizen.Client, ("method", "counter"));
        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.Contains("1,000원 (창구에서 납부)", receipt.Text, StringComparison.Ordinal);
        Assert.Equal(0, await ChargesAsync(_portal));
    }

    [Fact]
    public async Task Timeout_ShowsPaymentBeingChecked_NoPetitionYet_RecheckCompletesIt()
    {
        var (citizen, _) = await AtPaymentStepAsync(_portal.CreatePortalClient());

        var status = await PayAsync(citizen, "4000-0000-0000-0119");

        Assert.Matches("^/payments/PT[0-9a-f]{32}/status$", status.Path);
        Assert.Contains("결제 확인 중", status.Text, StringComparison.Ordinal);
        Assert.Contains("다시 결제하지 마세요", status.Text, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.NeedsReconciliation, await StatusAsync(_portal));
        Assert.Equal(0, await CountAsync(_portal, "Petitions"));
        Assert.Equal(1, await ChargesAsync(_portal)); // the money moved at the gateway

        // Step 7 does not offer a second payment while the first is in doubt.
        Assert.Equal(status.Path, (await citizen.OpenAsync("payment")).Path);

        var receipt = await status.PostAsync(citizen.Client);
        Assert.EndsWith("/receipt", receipt.Path, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Approved, await StatusAsync(_portal));
        Assert.Equal(1, await CountAsync(_portal, "Petitions"));
        Assert.Equal(1, await ChargesAsync(_portal));
    }

    [Fact]
    public async Task Reconciliation_BackgroundJobReceivesThePaymentOurConfirmLost()
    {
        using var portal = new PortalFactory();
        portal.Settings["Payments:ReconcileInterval"] = "00:00:00.200";
        try
        {
            var (citizen, _) = await AtPaymentStepAsync(portal.CreatePortalClient());
            var status = await PayAsync(citizen, "4000000000000119");
            Assert.EndsWith("/status", status.Path, StringComparison.Ordinal);

            FormPage page = status;
            for (var i = 0; i < 50 && !page.Path.EndsWith("/receipt", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
                page = await FormPage.GetAsync(citizen.Client, status.Path); // what the page's refresh does
            }

            Assert.EndsWith("/receipt", page.Path, StringComparison.Ordinal);
            Assert.Contains("1,000원 (결제 완료)", page.Text, StringComparison.Ordinal);
            Assert.Equal(PaymentStatus.Approved, await StatusAsync(portal));
            Assert.Equal(1, await CountAsync(portal, "Petitions"));
            Assert.Equal(1, await ChargesAsync(portal));
        }
        finally
        {
            portal.Dispose();
            PortalFactory.DeleteDatabase(portal.DatabaseFile);
        }
    }

    [Fact]
    public async Task ConfirmRetry_AfterOurConfirmCallFailed_RefreshingTheReturnUrlChargesOnce()
    {
        var flaky = new FlakyGateway();
        using var node = _portal.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<IPaymentGateway>();
            services.AddScoped<IPaymentGateway>(provider => flaky.Around(provider.GetRequiredService<DemoCardGateway>()));
        }));
        var client = node.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(new CookieContainer()));
        var (citizen, _) = await AtPaymentStepAsync(client);

        var status = await PayAsync(citizen, "4242424242424242");
        Assert.EndsWith("/status", status.Path, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.NeedsReconciliation, await StatusAsync(_portal));
        Assert.Equal(0, await ChargesAsync(_portal));

        var orderId = (string)(await ScalarAsync(_portal, "SELECT OrderId FROM Payments"))!;
        var paymentKey = (string)(await ScalarAsync(_portal, "SELECT PaymentKey FROM Payments"))!;
        var returnUrl = $"/payments/return?paymentKey={paymentKey}&orderId={orderId}&amount=1000";
        var first = await FormPage.GetAsync(client, returnUrl);
        var again = await FormPage.GetAsync(client, returnUrl);

        Assert.EndsWith("/receipt", first.Path, StringComparison.Ordinal);
        Assert.Equal(Citizen.ReceiptNumber(first), Citizen.ReceiptNumber(again));
        Assert.Equal(1, await CountAsync(_portal, "Petitions"));
        Assert.Equal(1, await ChargesAsync(_portal));
        Assert.Equal(2, flaky.Confirms);
    }

    [Fact]
    public async Task TamperedAmountOnTheReturnUrl_IsNotConfirmed()
    {
        var jar = new CookieContainer();
        var (citizen, _) = await AtPaymentStepAsync(_portal.CreatePortalClient(jar));
        var hosted = await OpenGatewayAsync(citizen);
        var noRedirect = _portal.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        var redirect = await SubmitCardWithoutFollowingAsync(hosted, noRedirect, "4242424242424242");

        var page = await FormPage.GetAsync(citizen.Client, redirect.Replace("amount=1000", "amount=10", StringComparison.Ordinal));

        Assert.EndsWith("/payment", page.Path, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Pending, await StatusAsync(_portal));
        Assert.Equal(0, await CountAsync(_portal, "Petitions"));
        Assert.Equal(0, await ChargesAsync(_portal));
    }

    [Fact]
    public async Task DoubleSubmit_PayTwiceAndReturnTwice_OneOrderOneChargeOnePetition()
    {
        var (citizen, step) = await AtPaymentStepAsync(_portal.CreatePortalClient());

        var clicks = await Task.WhenAll(step.PostAsync(citizen.Client, ("method", "online")), step.PostAsync(citizen.Client, ("method", "online")));
        Assert.All(clicks, c => Assert.StartsWith("/payments/demo/", c.Path, StringComparison.Ordinal));
        var receipts = await Task.WhenAll(
            clicks[0].PostAsync(citizen.Client, ("cardNumber", "4242424242424242"), ("action", "pay")),
            clicks[1].PostAsync(citizen.Client, ("cardNumber", "4242424242424242"), ("action", "pay")));

        // One request confirms; a click that arrives meanwhile sees "결제 확인 중", which then shows the receipt.
        Assert.All(receipts, r => Assert.True(r.Path.EndsWith("/receipt", StringComparison.Ordinal) || r.Path.EndsWith("/status", StringComparison.Ordinal), r.Path));
        var final = await citizen.OpenAsync("payment");
        Assert.EndsWith("/receipt", final.Path, StringComparison.Ordinal);
        Assert.All(receipts.Select(Citizen.ReceiptNumber).Where(n => n is not null), n => Assert.Equal(Citizen.ReceiptNumber(final), n));
        Assert.Equal(1, await CountAsync(_portal, "Payments"));
        Assert.Equal(1, await CountAsync(_portal, "Petitions"));
        Assert.Equal(1, await ChargesAsync(_portal));
    }

    [Fact]
    public async Task FiftyParallelConfirms_ForOneOrder_OnePaymentOneChargeOnePetition()
    {
        var jar = new CookieContainer();
        var client = _portal.CreatePortalClient(jar);
        var (citizen, _) = await AtPaymentStepAsync(client);
        var hosted = await OpenGatewayAsync(citizen);
        var noRedirect = _portal.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar));
        var returnUrl = await SubmitCardWithoutFollowingAsync(hosted, noRedirect, "4242424242424242");

        var pages = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => FormPage.GetAsync(client, returnUrl)));

        Assert.All(pages, p => Assert.True(p.Path.EndsWith("/receipt", StringComparison.Ordinal) || p.Path.EndsWith("/status", StringComparison.Ordinal), p.Path));
        Assert.Equal(1, await CountAsync(_portal, "Payments"));
        Assert.Equal(1, await CountAsync(_portal, "Petitions"));
        Assert.Equal(1, await ChargesAsync(_portal));
        Assert.Equal(PaymentStatus.Approved, await StatusAsync(_portal));
        Assert.Single(pages.Select(Citizen.ReceiptNumber).Where(n => n is not null).Distinct());
    }

    [Fact]
    public async Task Refund_GoesThroughTheGateway_RecordedOnPaymentAndPetition_Once()
    {
        var (citizen, _) = await AtPaymentStepAsync(_portal.CreatePortalClient());
        var receipt = await PayAsync(citizen, "4242424242424242");
        var petitionId = (long)(await ScalarAsync(_portal, "SELECT Id FROM Petitions"))!;

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var payments = scope.ServiceProvider.GetRequiredService<IPaymentService>();
            var refunded = await payments.RefundAsync(petitionId, "신청 요건 미충족으로 반려", "담당자 이노동");
            Assert.Equal(PaymentStatus.Refunded, refunded.Status);
        }

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var again = await scope.ServiceProvider.GetRequiredService<IPaymentService>().RefundAsync(petitionId, "중복 요청", "담당자 이노동");
            Assert.Equal(PaymentStatus.Refunded, again.Status);
        }

        Assert.Equal(PaymentStatus.Refunded, await StatusAsync(_portal));
        Assert.Equal(3L, await ScalarAsync(_portal, "SELECT FeeStatus FROM Petitions")); // Refunded
        Assert.Equal((long)DemoOrderStatus.Canceled, await ScalarAsync(_portal, "SELECT Status FROM DemoGatewayOrders"));
        Assert.Equal(1L, await ScalarAsync(_portal, "SELECT COUNT(*) FROM PetitionHistory WHERE Note LIKE '%환불%'"));
        Assert.NotNull(Citizen.ReceiptNumber(receipt));
    }

    private static async Task<string> SubmitCardWithoutFollowingAsync(FormPage hosted, HttpClient noRedirect, string card)
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["cardNumber"] = card,
            ["action"] = "pay",
            ["__RequestVerificationToken"] = hosted.AntiforgeryToken,
        });
        var response = await noRedirect.PostAsync(hosted.Path, content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>The external boundary misbehaving: the first confirm never reaches the gateway (a network error).</summary>
    private sealed class FlakyGateway
    {
        private int _confirms;

        public int Confirms => _confirms;

        public IPaymentGateway Around(IPaymentGateway inner) => new Wrapper(this, inner);

        private sealed class Wrapper(FlakyGateway owner, IPaymentGateway inner) : IPaymentGateway
        {
            public string Provider => inner.Provider;

            public Task<PaymentCheckout> PrepareAsync(Payment payment, PaymentReturnUrls urls, CancellationToken cancellationToken = default) =>
                inner.PrepareAsync(payment, urls, cancellationToken);

            public Task<GatewayPayment> ConfirmAsync(string paymentKey, string orderId, int amount, string idempotencyKey, CancellationToken cancellationToken = default) =>
                Interlocked.Increment(ref owner._confirms) == 1
                    ? throw new HttpRequestException("connection reset")
                    : inner.ConfirmAsync(paymentKey, orderId, amount, idempotencyKey, cancellationToken);

            public Task<GatewayPayment> GetStatusAsync(string orderId, CancellationToken cancellationToken = default) => inner.GetStatusAsync(orderId, cancellationToken);

            public Task<GatewayPayment> RefundAsync(string paymentKey, int amount, string reason, string idempotencyKey, CancellationToken cancellationToken = default) =>
                inner.RefundAsync(paymentKey, amount, reason, idempotencyKey, cancellationToken);
        }
    }
}
