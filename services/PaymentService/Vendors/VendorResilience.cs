using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace EShop.PaymentService.Vendors;

/// <summary>Each vendor's typed HttpClient gets the standard resilience handler (Microsoft.Extensions.Http.Resilience),
/// named after its client, so every vendor has its own circuit breaker. Its rules are the payment's, not the defaults:
/// a charge or void is retried only after an answer that proves nothing was processed (the processor's explicit
/// "not processed" code, or no connection at all), never after a timeout, a reset or another error that may have charged;
/// the lookup (a GET) is retried like any idempotent read. The breaker counts every failed attempt.</summary>
public static class VendorResilience
{
    /// <summary>The code in a 503 body by which the card-processor protocol says "not processed, nothing charged".</summary>
    public const string NotProcessedCode = "not_processed";

    private static readonly TimeSpan MinimumSampling = TimeSpan.FromSeconds(30);

    public static void Configure(HttpStandardResilienceOptions options, VendorOptions vendor)
    {
        var attempt = TimeSpan.FromSeconds(vendor.TimeoutSeconds);
        options.AttemptTimeout.Timeout = attempt;
        options.TotalRequestTimeout.Timeout = Budget(vendor);

        // Polly needs at least one attempt configured; with MaxRetries 0 the predicate never retries.
        options.Retry.MaxRetryAttempts = Math.Max(1, vendor.MaxRetries);
        options.Retry.Delay = TimeSpan.FromSeconds(vendor.RetryDelaySeconds);
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.Retry.ShouldHandle = args => vendor.MaxRetries == 0 ? ValueTask.FromResult(false) : ShouldRetryAsync(args.Outcome, args.Context);

        options.CircuitBreaker.FailureRatio = 0.5;
        options.CircuitBreaker.MinimumThroughput = vendor.BreakerMinimumThroughput;
        // The standard handler requires a sampling window of at least two attempt timeouts.
        options.CircuitBreaker.SamplingDuration = attempt * 2 > MinimumSampling ? attempt * 2 : MinimumSampling;
        options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(vendor.BreakSeconds);
        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome));
    }

    /// <summary>The longest one vendor call can take: every attempt timing out, plus the backoff delays (jitter ≤ 1.5×).</summary>
    public static TimeSpan Budget(VendorOptions vendor) => TimeSpan.FromSeconds(
        vendor.TimeoutSeconds * (vendor.MaxRetries + 1) + 1.5 * vendor.RetryDelaySeconds * (Math.Pow(2, vendor.MaxRetries) - 1));

    /// <summary>True only for an outcome after which the vendor cannot have processed the request.</summary>
    public static async ValueTask<bool> NothingProcessedAsync(Outcome<HttpResponseMessage> outcome, CancellationToken ct) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } } => true,
        { Result: { } response } => await IsNotProcessedAsync(response, ct),
        _ => false,
    };

    /// <summary>A 503 carrying the protocol's "not processed" code. A bare 503 (a proxy's, say) proves nothing.</summary>
    public static async ValueTask<bool> IsNotProcessedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable) return false;
        try
        {
            // Buffers the body, so the adapter can still read it afterwards.
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString() == NotProcessedCode;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context) =>
        context.GetRequestMessage()?.Method == HttpMethod.Get
            ? HttpClientResiliencePredicates.IsTransient(outcome)
            : await NothingProcessedAsync(outcome, context.CancellationToken);
}
