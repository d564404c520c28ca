using EShop.Reliability.Checks;
using EShop.Reliability.Load;
using EShop.Reliability.Report;

namespace EShop.Reliability.Scenarios;

/// <summary>2. PostgreSQL stops for ~10 s under load and starts again (a database failover, locally).</summary>
public sealed class PostgresRestartScenario(TimeSpan duration, TimeSpan outage) : IScenario
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    public string Name => "PostgreSQL stopped and restarted";

    public async Task<ScenarioResult> RunAsync(SuiteContext context)
    {
        var postgres = context.Stack.Postgres ?? throw new InvalidOperationException("this scenario needs the throwaway PostgreSQL");
        DateTime stopped = default, restarted = default;
        TimeSpan? ready = null;
        var result = await context.LoadWithAsync(new LoadGenerator.Plan(LoadMix.Journey, context.Workers, duration), async start =>
        {
            await SuiteContext.At(start, 8);
            stopped = DateTime.UtcNow;
            await postgres.StopAsync();
            await Task.Delay(outage);
            await postgres.StartAsync();
            restarted = DateTime.UtcNow;
            ready = await StackHealth.WaitAllReadyAsync(context.Stack, ReadyTimeout);
        });

        var firstLoginAfter = result.Records.FirstOrDefault(r => r.Operation == Operation.Login && r.Status == 200 && r.StartedAt > restarted);
        var during = result.Records.Where(r => r.StartedAt >= stopped && r.StartedAt < restarted).ToList();
        var failed = result.Records.Where(r => r.IsServerFailure).ToList();
        var hardErrors = failed.Where(r => r.Status is 0 or 500).ToList();
        var checks = new List<Check>
        {
            Check.That("every replica became ready again by itself", ready is not null, $"all /readyz 200 {Seconds.Of(ready)} after PostgreSQL started"),
            Check.That("the outage is answered, not crashed: no 500 and no unanswered request", hardErrors.Count == 0,
                hardErrors.Count == 0 ? "every failure was a clean 5xx answer" : LoadStats.Breakdown(hardErrors)),
            StackHealth.NoneExited(context.Stack),
        };
        checks.AddRange(await context.Reconciliation.RunAsync(result.Orders));
        return new ScenarioResult(Name, result.Stats, $"ready {Seconds.Of(ready)}",
        [
            $"PostgreSQL down {(restarted - stopped).TotalSeconds:0.0} s (pg_ctl stop -m fast, then start) under the journey mix",
            $"requests started during the outage: {during.Count}, of which failed {during.Count(r => r.IsServerFailure)} and served {during.Count(r => r.Status is >= 200 and < 300)} (browse served: {during.Count(r => r.Operation == Operation.Browse && r.Status == 200)})",
            $"failed in total: {failed.Count} ({OperationFigures.Failures(result.Records)})",
            $"first successful login after the restart: {(firstLoginAfter is null ? "none during the load" : Seconds.Of(firstLoginAfter.StartedAt + firstLoginAfter.Latency - restarted) + " after PostgreSQL started")}",
            .. OperationFigures.Of(result.Records),
        ], checks);
    }
}
