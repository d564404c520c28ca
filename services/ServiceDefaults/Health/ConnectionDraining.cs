using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EShop.ServiceDefaults.Health;

public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>Seconds a stopping service keeps serving while it turns unready and closes each kept-alive
    /// connection after its answer, so a proxy never sends a request on a connection the shutdown closes.
    /// 0 (default) where the platform deregisters the pod first (Kubernetes preStop + load balancer).</summary>
    [Range(0, 60)]
    public int DrainSeconds { get; set; }
}

/// <summary>On SIGTERM, before the server stops listening: readiness fails, responses carry
/// <c>Connection: close</c>, and the stop waits <see cref="ShutdownOptions.DrainSeconds"/>. Afterwards no idle
/// kept-alive connection is left to race with the close; a new connection is refused, which a proxy safely
/// retries on another replica even for POST (nothing was sent).</summary>
public sealed class ConnectionDraining(IOptions<ShutdownOptions> options) : IHostedLifecycleService, IHealthCheck
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        if (options.Value.DrainSeconds > 0)
            await Task.Delay(TimeSpan.FromSeconds(options.Value.DrainSeconds), cancellationToken);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy());

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class CloseConnectionsWhileDraining(RequestDelegate next, ConnectionDraining draining)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (draining.IsDraining)
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Connection = "close";
                return Task.CompletedTask;
            });
        return next(context);
    }
}
