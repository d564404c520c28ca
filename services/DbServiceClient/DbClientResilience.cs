using Microsoft.Extensions.Http.Resilience;

namespace EShop.DbServiceClient;

/// <summary>The rules of the db-service client's standard resilience handler.</summary>
public static class DbClientResilience
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(25);

    /// <summary>Pooled connections are replaced this often, so a scaled-out db-service gets its share of the traffic.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(1);

    public static void Configure(HttpStandardResilienceOptions options)
    {
        options.AttemptTimeout.Timeout = AttemptTimeout;
        options.TotalRequestTimeout.Timeout = TotalTimeout;
        // The circuit breaker's sampling window must be at least twice the attempt timeout.
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
        options.Retry.MaxRetryAttempts = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        // Only reads are repeated: a POST or DELETE that reached db-service may have changed data (a claim, a
        // payment record, a revoked session) even when its answer was lost, and its second answer would differ.
        options.Retry.DisableForUnsafeHttpMethods();
        // A retry needs a new connection to reach another replica behind the Service's one address: a failed
        // connection is never reused, and a draining replica answers with "Connection: close" (ConnectionDraining).
    }
}
