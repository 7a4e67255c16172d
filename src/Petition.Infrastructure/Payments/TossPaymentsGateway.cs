using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Petition.Core.Payments;

namespace Petition.Infrastructure.Payments;

/// <summary>
/// Toss Payments (토스페이먼츠) core API v1: the browser pays in Toss's window and is redirected with
/// paymentKey / orderId / amount; the server then confirms with <c>POST /v1/payments/confirm</c>,
/// authenticated with HTTP Basic of <c>secretKey:</c>. Errors come back as <c>{ "code", "message" }</c>.
/// Confirm and cancel carry an <c>Idempotency-Key</c> header, so a retry returns the first result.
/// </summary>
public sealed partial class TossPaymentsGateway(HttpClient http, IOptions<PaymentOptions> options, ILogger<TossPaymentsGateway> logger) : IPaymentGateway
{
    public const string Name = "Toss";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Codes that mean "the card or the customer's account refused": nothing was charged, the citizen may retry.
    private static readonly HashSet<string> DeclineCodes = new(StringComparer.Ordinal)
    {
        "REJECT_CARD_PAYMENT", "REJECT_CARD_COMPANY", "REJECT_ACCOUNT_PAYMENT", "INVALID_CARD_NUMBER",
        "INVALID_CARD_EXPIRATION", "INVALID_STOPPED_CARD", "INVALID_CARD_LOST_OR_STOLEN", "INVALID_CARD_INSTALLMENT_PLAN",
        "EXCEED_MAX_DAILY_PAYMENT_COUNT", "EXCEED_MAX_PAYMENT_AMOUNT", "EXCEED_MAX_AMOUNT", "EXCEED_MAX_ONE_DAY_AMOUNT",
        "NOT_AVAILABLE_BANK", "INVALID_PASSWORD", "NOT_FOUND_PAYMENT_SESSION",
        "NOT_SUPPORTED_CARD_TYPE", "PAY_PROCESS_CANCELED", "PAY_PROCESS_ABORTED",

        // Not here: INCORRECT_BASIC_AUTH_FORMAT and INVALID_REQUEST are our configuration or request faults,
        // not the citizen's card: they stay "unknown" and are reconciled, never shown as a decline.
    };

    public string Provider => Name;

    /// <summary>Applies the options to the named client: base address, timeout, Basic authentication.</summary>
    public static void Configure(HttpClient client, TossOptions toss)
    {
        client.BaseAddress = toss.BaseUrl;
        client.Timeout = toss.Timeout;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes((toss.SecretKey ?? string.Empty) + ":"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Task<PaymentCheckout> PrepareAsync(Payment payment, PaymentReturnUrls urls, CancellationToken cancellationToken = default)
    {
        // Toss needs no server call before the window opens; the browser gets what the widget needs.
        var toss = options.Value.Toss;
        var widget = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["clientKey"] = toss.ClientKey ?? string.Empty,
            ["script"] = toss.ScriptUrl.ToString(),
            ["orderId"] = payment.OrderId,
            ["orderName"] = payment.OrderName,
            ["amount"] = payment.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["successUrl"] = urls.SuccessUrl,
            ["failUrl"] = urls.FailUrl,
        };
        return Task.FromResult(new PaymentCheckout(null, widget));
    }

    public async Task<GatewayPayment> ConfirmAsync(string paymentKey, string orderId, int amount, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync(HttpMethod.Post, "v1/payments/confirm", new { paymentKey, orderId, amount }, idempotencyKey, cancellationToken);
        if (result.Code == "ALREADY_PROCESSED_PAYMENT")
        {
            // Confirmed before (our earlier attempt got lost): ask what the payment is now.
            return await GetStatusAsync(orderId, cancellationToken);
        }

        return result;
    }

    public Task<GatewayPayment> GetStatusAsync(string orderId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"v1/payments/orders/{Uri.EscapeDataString(orderId)}", null, null, cancellationToken);

    public async Task<GatewayPayment> RefundAsync(string paymentKey, int amount, string reason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync(HttpMethod.Post, $"v1/payments/{Uri.EscapeDataString(paymentKey)}/cancel",
            new { cancelReason = reason, cancelAmount = amount }, idempotencyKey, cancellationToken);
        return result.Code == "ALREADY_CANCELED_PAYMENT" ? result with { Outcome = GatewayOutcome.Cancelled } : result;
    }

    private async Task<GatewayPayment> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogNoAnswer(logger, method.Method, path, "timeout");
            return GatewayPayment.Failure(GatewayOutcome.Unknown, "TIMEOUT", "결제 승인 응답을 받지 못했습니다.");
        }
        catch (HttpRequestException ex)
        {
            LogNoAnswer(logger, method.Method, path, ex.Message);
            return GatewayPayment.Failure(GatewayOutcome.Unknown, "NETWORK_ERROR", "결제사와 통신하지 못했습니다.");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var payment = await ReadAsync<TossPayment>(response, cancellationToken);
                return payment is null
                    ? GatewayPayment.Failure(GatewayOutcome.Unknown, "INVALID_RESPONSE", "결제사 응답을 읽지 못했습니다.")
                    : Map(payment);
            }

            var error = await ReadAsync<TossError>(response, cancellationToken);
            var code = error?.Code ?? $"HTTP_{(int)response.StatusCode}";
            var message = error?.Message ?? response.ReasonPhrase ?? "결제사 오류";
            LogError(logger, method.Method, path, (int)response.StatusCode, code);
            var outcome = response.StatusCode switch
            {
                HttpStatusCode.NotFound when code is "NOT_FOUND_PAYMENT" or "NOT_FOUND" => GatewayOutcome.NotFound,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when !DeclineCodes.Contains(code) => GatewayOutcome.Unknown,
                HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict => GatewayOutcome.Unknown,
                >= HttpStatusCode.InternalServerError => GatewayOutcome.Unknown,
                _ when code is "ALREADY_PROCESSED_PAYMENT" or "PROVIDER_ERROR" or "FAILED_INTERNAL_SYSTEM_PROCESSING" => GatewayOutcome.Unknown,
                _ => GatewayOutcome.Declined,
            };
            return GatewayPayment.Failure(outcome, code, message);
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null; // not JSON at all (an HTML error page from a proxy)
        }
    }

    private static GatewayPayment Map(TossPayment payment)
    {
        var outcome = payment.Status switch
        {
            "DONE" => GatewayOutcome.Approved,
            "CANCELED" or "PARTIAL_CANCELED" => GatewayOutcome.Cancelled,
            "ABORTED" or "EXPIRED" => GatewayOutcome.Declined,
            "READY" or "IN_PROGRESS" or "WAITING_FOR_DEPOSIT" => GatewayOutcome.Pending,
            _ => GatewayOutcome.Unknown,
        };
        return new GatewayPayment(
            outcome,
            payment.PaymentKey,
            payment.TotalAmount,
            payment.Method,
            payment.Card?.ApproveNo,
            payment.Card?.Number,
            payment.ApprovedAt?.UtcDateTime,
            payment.Status,
            null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Toss {Method} {Path}: no answer ({Reason})")]
    private static partial void LogNoAnswer(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Toss {Method} {Path}: HTTP {Status} {Code}")]
    private static partial void LogError(ILogger logger, string method, string path, int status, string code);

    private sealed record TossError(string? Code, string? Message);

    private sealed record TossCard(string? ApproveNo, string? Number);

    private sealed record TossPayment(
        string? PaymentKey,
        string? OrderId,
        string? Status,
        string? Method,
        int? TotalAmount,
        [property: JsonPropertyName("approvedAt")] DateTimeOffset? ApprovedAt,
        TossCard? Card);
}
