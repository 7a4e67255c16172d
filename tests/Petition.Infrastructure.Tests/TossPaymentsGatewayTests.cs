using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Petition.Core.Payments;
using Petition.Infrastructure.Payments;

namespace Petition.Infrastructure.Tests;

/// <summary>
/// The Toss Payments adapter over a real HttpClient against a local stub server on 127.0.0.1 that plays the
/// documented request and response shapes of the core API v1, failures included.
/// </summary>
public sealed class TossPaymentsGatewayTests : IAsyncLifetime
{
    private const string SecretKey = "test_sk_demo1234567890";
    private const string PaymentKey = "tgen_20261201ABCDEF";
    private const string OrderId = "PT0123456789abcdef0123456789abcdef";

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private WebApplication? _stub;
    private Func<HttpContext, string, Task>? _handler;

    private sealed record RecordedRequest(string Method, string Path, string? Authorization, string? IdempotencyKey, string Body);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _stub = builder.Build();
        _stub.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            _requests.Enqueue(new RecordedRequest(
                context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(),
                context.Request.Headers["Idempotency-Key"].FirstOrDefault(), body));
            await _handler!(context, body);
        });
        await _stub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
    }

    private Uri BaseUrl => new(_stub!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    private TossPaymentsGateway Gateway(TimeSpan? timeout = null)
    {
        var options = new PaymentOptions
        {
            Provider = PaymentProvider.Toss,
            Toss = new TossOptions { SecretKey = SecretKey, ClientKey = "test_ck_demo", BaseUrl = BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(5) },
        };
        var client = new HttpClient();
        TossPaymentsGateway.Configure(client, options.Toss);
        return new TossPaymentsGateway(client, Options.Create(options), NullLogger<TossPaymentsGateway>.Instance);
    }

    private static Task JsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    private static string DonePayment(string status = "DONE") => $$"""
        {
          "mId": "tosspayments", "version": "2022-11-16", "paymentKey": "{{PaymentKey}}", "orderId": "{{OrderId}}",
          "orderName": "직업능력개발훈련 수료증명서 발급", "status": "{{status}}", "method": "카드",
          "requestedAt": "2026-12-01T10:00:00+09:00", "approvedAt": "2026-12-01T10:00:05+09:00",
          "totalAmount": 1000, "balanceAmount": 1000, "currency": "KRW",
          "card": { "issuerCode": "4V", "acquirerCode": "21", "number": "42424242****424*", "approveNo": "00000000", "installmentPlanMonths": 0 }
        }
        """;

    [Fact]
    public async Task Confirm_Done_SendsDocumentedRequestAndMapsTheApproval()
    {
        _handler = (context, _) => JsonAsync(context, 200, DonePayment());

        var result = await Gateway().ConfirmAsync(PaymentKey, OrderId, 1000, "confirm-key-1");

        Assert.Equal(GatewayOutcome.Approved, result.Outcome);
        Assert.Equal(PaymentKey, result.PaymentKey);
        Assert.Equal(1000, result.Amount);
        Assert.Equal("카드", result.Method);
        Assert.Equal("00000000", result.ApprovalNumber);
        Assert.Equal(new DateTime(2026, 12, 1, 1, 0, 5, DateTimeKind.Utc), result.ApprovedAtUtc);
        var request = Assert.Single(_requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/payments/confirm", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretKey + ":")), request.Authorization);
        Assert.Equal("confirm-key-1", request.IdempotencyKey);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(PaymentKey, body.RootElement.GetProperty("paymentKey").GetString());
        Assert.Equal(OrderId, body.RootElement.GetProperty("orderId").GetString());
        Assert.Equal(1000, body.RootElement.GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Confirm_RejectedCard403_IsDeclinedWithTheGatewayCodeAndMessage()
    {
        _handler = (context, _) => JsonAsync(context, 403, """{"code":"REJECT_CARD_PAYMENT","message":"한도초과 혹은 잔액부족으로 결제에 실패했습니다."}""");

        var result = await Gateway().ConfirmAsync(PaymentKey, OrderId, 1000, "k");

        Assert.Equal(GatewayOutcome.Declined, result.Outcome);
        Assert.Equal("REJECT_CARD_PAYMENT", result.Code);
        Assert.Equal("한도초과 혹은 잔액부족으로 결제에 실패했습니다.", result.Message);
    }

    [Fact]
    public async Task Confirm_ExpiredSession404_IsDeclined()
    {
        _handler = (context, _) => JsonAsync(context, 404, """{"code":"NOT_FOUND_PAYMENT_SESSION","message":"결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다."}""");

        var result = await Gateway().ConfirmAsync(PaymentKey, OrderId, 1000, "k");

        Assert.Equal(GatewayOutcome.Declined, result.Outcome);
        Assert.Equal("NOT_FOUND_PAYMENT_SESSION", result.Code);
    }

    [Fact]
    public async Task Confirm_WrongSecretKey401_IsUnknownNotADecline()
    {
        _handler = (context, _) => JsonAsync(context, 401, """{"code":"UNAUTHORIZED_KEY","message":"인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다."}""");

        var result = await Gateway().ConfirmAsync(PaymentKey, OrderId, 1000, "k");

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.Equal("UNAUTHORIZED_KEY", result.Code);
    }

    [Fact]
    public async Task Confirm_ServerError500_IsUnknown()
    {
        _handler = (context, _) => JsonAsync(context, 500, """{"code":"FAILED_INTERNAL_SYSTEM_PROCESSING","message":"내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요."}""");

        var result = await Gateway().ConfirmAsync(PaymentKey, OrderId, 1000, "k");

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.Equal("FAILED_INTERNAL_SYSTEM_PROCESSING", result.Code);
    }

    [Fact]
    public async Task Confirm_BadGatewayWithHtmlBody_IsUnknown()
    {
        _handler = (context, _) =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<html><body>Bad Gateway</body></html>");
        };

        var result = await Gateway().ConfirmAsync(PaymentKey, OrderId, 1000, "k");

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.Equal("HTTP_502", result.Code);
    }

    [Fact]
    public async Task Confirm_NoAnswerWithinTheTimeout_IsUnknown()
    {
        _handler = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await JsonAsync(context, 200, DonePayment());
            }
        };

        var result = await Gateway(TimeSpan.FromMilliseconds(300)).ConfirmAsync(PaymentKey, OrderId, 1000, "k");

        Assert.Equal(GatewayOutcome.Unknown, result.Outcome);
        Assert.Equal("TIMEOUT", result.Code);
    }

    [Fact]
    public async Task Confirm_AlreadyProcessed_LooksTheOrderUpAndReportsItsState()
    {
        _handler = (context, _) => context.Request.Path.StartsWithSegments("/v1/payments/confirm")
            ? JsonAsync(context, 400, """{"code":"ALREADY_PROCESSED_PAYMENT","message":"이미 처리된 결제 입니다."}""")
            : JsonAsync(context, 200, DonePayment());

        var result = await Gateway().ConfirmAsync(PaymentKey, OrderId, 1000, "k");

        Assert.Equal(GatewayOutcome.Approved, result.Outcome);
        Assert.Equal(["/v1/payments/confirm", $"/v1/payments/orders/{OrderId}"], _requests.Select(r => r.Path));
    }

    [Theory]
    [InlineData("DONE", GatewayOutcome.Approved)]
    [InlineData("IN_PROGRESS", GatewayOutcome.Pending)]
    [InlineData("CANCELED", GatewayOutcome.Cancelled)]
    [InlineData("ABORTED", GatewayOutcome.Declined)]
    [InlineData("EXPIRED", GatewayOutcome.Declined)]
    public async Task GetStatus_MapsThePaymentStatus(string status, GatewayOutcome expected)
    {
        _handler = (context, _) => JsonAsync(context, 200, DonePayment(status));

        var result = await Gateway().GetStatusAsync(OrderId);

        Assert.Equal(expected, result.Outcome);
        var request = Assert.Single(_requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v1/payments/orders/{OrderId}", request.Path);
    }

    [Fact]
    public async Task GetStatus_UnknownOrder404_IsNotFound()
    {
        _handler = (context, _) => JsonAsync(context, 404, """{"code":"NOT_FOUND_PAYMENT","message":"존재하지 않는 결제 정보 입니다."}""");

        var result = await Gateway().GetStatusAsync(OrderId);

        Assert.Equal(GatewayOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Refund_PostsCancelWithReasonAndIdempotencyKey_IsCancelled()
    {
        _handler = (context, _) => JsonAsync(context, 200, DonePayment("CANCELED"));

        var result = await Gateway().RefundAsync(PaymentKey, 1000, "민원 반려", "refund-1");

        Assert.Equal(GatewayOutcome.Cancelled, result.Outcome);
        var request = Assert.Single(_requests);
        Assert.Equal($"/v1/payments/{PaymentKey}/cancel", request.Path);
        Assert.Equal("refund-1", request.IdempotencyKey);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("민원 반려", body.RootElement.GetProperty("cancelReason").GetString());
        Assert.Equal(1000, body.RootElement.GetProperty("cancelAmount").GetInt32());
    }

    [Fact]
    public async Task Refund_AlreadyCanceled_CountsAsRefunded()
    {
        _handler = (context, _) => JsonAsync(context, 400, """{"code":"ALREADY_CANCELED_PAYMENT","message":"이미 취소된 결제 입니다."}""");

        var result = await Gateway().RefundAsync(PaymentKey, 1000, "민원 반려", "refund-1");

        Assert.Equal(GatewayOutcome.Cancelled, result.Outcome);
    }
}
