using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace EShop.PaymentService.Vendors;

/// <summary>One Polly pipeline per vendor, kept for the process's lifetime so each vendor has its own
/// circuit breaker: bounded retries (outermost), the breaker (sees every attempt), a per-attempt timeout.</summary>
public sealed class VendorResilience(IOptionsMonitor<VendorOptions> options)
{
    private readonly ResiliencePipelineRegistry<string> _pipelines = new();

    public ResiliencePipeline<HttpResponseMessage> For(string vendor) =>
        _pipelines.GetOrAddPipeline<HttpResponseMessage>(vendor, builder => Build(builder, options.Get(vendor)));

    private static void Build(ResiliencePipelineBuilder<HttpResponseMessage> builder, VendorOptions vendor)
    {
        builder
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = IsTransient,
                MaxRetryAttempts = vendor.MaxRetries,
                Delay = TimeSpan.FromSeconds(vendor.RetryDelaySeconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = IsTransient,
                FailureRatio = 0.5,
                MinimumThroughput = vendor.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(vendor.BreakSeconds),
            })
            .AddTimeout(TimeSpan.FromSeconds(vendor.TimeoutSeconds));
    }

    // Retried: no answer in time, no connection, or a server-side failure. Never retried: an answer
    // (approved/declined) or a 4xx, which a retry would only repeat. An open breaker is not retried either.
    private static ValueTask<bool> IsTransient(RetryPredicateArguments<HttpResponseMessage> args) => ValueTask.FromResult(IsTransient(args.Outcome));

    private static ValueTask<bool> IsTransient(CircuitBreakerPredicateArguments<HttpResponseMessage> args) => ValueTask.FromResult(IsTransient(args.Outcome));

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
