using EShop.Reliability.Checks;
using EShop.Reliability.Load;
using EShop.Reliability.Report;

namespace EShop.Reliability.Scenarios;

/// <summary>3. One replica of every service is SIGKILLed mid-load (a node lost), then restarted as Kubernetes would.</summary>
public sealed class ReplicaKillScenario(TimeSpan duration) : IScenario
{
    public string Name => "one replica of each service SIGKILLed";

    public async Task<ScenarioResult> RunAsync(SuiteContext context)
    {
        var catalogServices = context.Stack.Catalog.Services.Select(s => s.Name).ToList();
        TimeSpan restartedIn = default;
        var killed = new List<string>();
        var result = await context.LoadWithAsync(new LoadGenerator.Plan(LoadMix.Journey, context.Workers, duration), async start =>
        {
            await SuiteContext.At(start, 8);
            foreach (var service in catalogServices)
            {
                var victim = context.Stack.Replicas[service][0].Process;
                victim.KillHard();
                killed.Add($"{victim.Name} (pid {victim.Pid})");
            }
            await Task.Delay(TimeSpan.FromSeconds(4));
            restartedIn = await context.RestartExitedAsync();
        });

        var failedGets = result.Records.Where(r => r.Operation == Operation.Browse && r.IsServerFailure).ToList();
        var checks = new List<Check>
        {
            Check.That("no idempotent GET failed (the gateway retries on the other replica)", failedGets.Count == 0,
                $"{result.Records.Count(r => r.Operation == Operation.Browse)} GETs, {failedGets.Count} failed"),
            StackHealth.NoneExited(context.Stack),
        };
        checks.AddRange(await context.Reconciliation.RunAsync(result.Orders));
        return new ScenarioResult(Name, result.Stats, $"restarted, ready {Seconds.Of(restartedIn)}",
        [
            $"killed 4 s before their restart: {string.Join(", ", killed)}",
            $"failed: {OperationFigures.Failures(result.Records)} (a POST in flight on a killed replica is not retried by the gateway; the client retries it with its Idempotency-Key)",
            .. OperationFigures.Of(result.Records),
        ], checks);
    }
}
