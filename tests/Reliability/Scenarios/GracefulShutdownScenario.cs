using System.Diagnostics;
using EShop.Reliability.Checks;
using EShop.Reliability.Load;
using EShop.Reliability.Report;

namespace EShop.Reliability.Scenarios;

/// <summary>5. SIGTERM to one replica of every service under load (a rolling update or a node drain), in
/// Kubernetes' order: the replica leaves its balancer's rotation (the edge's, or db-service's internal balancer), then
/// gets SIGTERM; in-flight requests finish,
/// nothing is dropped; then the replicas are started again.</summary>
public sealed class GracefulShutdownScenario(TimeSpan duration) : IScenario
{
    // As the pods' grace period after their preStop pause (infra/workloads/contract.ts): the app's 20 s shutdown
    // timeout for in-flight requests, after the local run's 3 s drain, plus 10 s for the process to end.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3 + 20 + 10);

    // Requests already sent to the replica finish before it is told to stop.
    private static readonly TimeSpan PreStopPause = TimeSpan.FromSeconds(2);

    public string Name => "SIGTERM to one replica of each service";

    public async Task<ScenarioResult> RunAsync(SuiteContext context)
    {
        var exits = new List<string>();
        TimeSpan restartedIn = default;
        var result = await context.LoadWithAsync(new LoadGenerator.Plan(LoadMix.Journey, context.Workers, duration), async start =>
        {
            await SuiteContext.At(start, 7);
            await Task.WhenAll(context.Stack.Catalog.Services.Select(async service =>
            {
                var last = context.Stack.Replicas[service.Name].Count - 1;
                var replica = context.Stack.Replicas[service.Name][last].Process;
                // As Kubernetes does for a terminating pod: out of the endpoints first (its preStop pause), then SIGTERM.
                await context.Stack.TakeOutOfRotationAsync(service.Name, last);
                await Task.Delay(PreStopPause);
                var clock = Stopwatch.StartNew();
                await replica.StopAsync(Grace);
                lock (exits) exits.Add($"{replica.Name} exited {Seconds.Of(clock.Elapsed)} after SIGTERM");
            }));
            restartedIn = await context.RestartExitedAsync();
        });

        var checks = new List<Check>
        {
            Check.That("no request was dropped (no 5xx, every request answered)", result.Stats.Failed == 0,
                $"failures: {OperationFigures.Failures(result.Records)}"),
            StackHealth.NoneExited(context.Stack),
        };
        checks.AddRange(await context.Reconciliation.RunAsync(result.Orders));
        return new ScenarioResult(Name, result.Stats, $"restarted, ready {Seconds.Of(restartedIn)}",
            [.. exits.Order(), .. OperationFigures.Of(result.Records)], checks);
    }
}
