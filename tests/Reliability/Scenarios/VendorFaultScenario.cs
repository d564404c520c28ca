using System.Globalization;
using EShop.Reliability.Checks;
using EShop.Reliability.Load;
using EShop.Reliability.Report;

namespace EShop.Reliability.Scenarios;

/// <summary>4. The card vendors fail (503, nothing charged), then answer too slowly (charged, answered after
/// payment-service's timeout), each for a while under a pay-heavy load; then they recover on their own.</summary>
public sealed class VendorFaultScenario(TimeSpan faultLength, TimeSpan recoveryWindow, int slowMilliseconds) : IScenario
{
    private sealed record Phase(string Mode, DateTime Start, DateTime Cleared, int AttemptsAfterWarmUp, DateTime WarmUpEnd);

    public string Name => "card vendor outage, then slowness";

    public async Task<ScenarioResult> RunAsync(SuiteContext context)
    {
        var phases = new List<Phase>();
        var warmUp = TimeSpan.FromSeconds(Math.Min(5, faultLength.TotalSeconds / 2));
        var phaseLength = faultLength + recoveryWindow;
        var plan = new LoadGenerator.Plan(LoadMix.PayHeavy, context.Workers, TimeSpan.FromSeconds(3) + 2 * phaseLength);
        var result = await context.LoadWithAsync(plan, async start =>
        {
            var at = 3.0;
            foreach (var (mode, delay) in new[] { ("fail", (int?)null), ("slow", (int?)slowMilliseconds) })
            {
                await SuiteContext.At(start, at);
                var begun = DateTime.UtcNow;
                await context.Simulator.SetFaultAsync(mode, delay);
                await SuiteContext.At(start, at + warmUp.TotalSeconds);
                var attemptsAtWarmUp = await context.Simulator.AttemptsAsync();
                var warmUpEnd = DateTime.UtcNow;
                await SuiteContext.At(start, at + faultLength.TotalSeconds);
                var attempts = await context.Simulator.AttemptsAsync() - attemptsAtWarmUp;
                var cleared = DateTime.UtcNow;
                await context.Simulator.SetFaultAsync("none");
                at += phaseLength.TotalSeconds;
                phases.Add(new Phase(mode, begun, cleared, attempts, warmUpEnd));
            }
        });

        var pays = result.Records.Where(r => r.Operation == Operation.Pay).ToList();
        var checks = new List<Check>();
        var recoveries = new List<string>();
        var figures = new List<string> { $"mix {LoadMix.PayHeavy}, {context.Workers} clients; each fault {faultLength.TotalSeconds:0} s then {recoveryWindow.TotalSeconds:0} s without it" };
        foreach (var phase in phases)
        {
            var open = pays.Where(r => r.StartedAt >= phase.WarmUpEnd && r.StartedAt < phase.Cleared).ToList();
            var during = pays.Where(r => r.StartedAt >= phase.Start && r.StartedAt < phase.Cleared).ToList();
            var wrong = during.Where(r => r.Status is not (201 or 503)).ToList();
            var recovered = pays.FirstOrDefault(r => r.StartedAt >= phase.Cleared && r.Status == 201);
            var recovery = recovered is null ? (TimeSpan?)null : recovered.StartedAt + recovered.Latency - phase.Cleared;
            recoveries.Add($"{phase.Mode}: {Seconds.Of(recovery)}");
            var fast = open.Where(r => r.Status == 503).Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
            figures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{phase.Mode}: {during.Count} pays during the fault ({during.Count(r => r.Status == 503)} answered 503); after the first {warmUp.TotalSeconds:0} s: {open.Count} pays, 503 p50 {LoadStats.Percentile(fast, 0.5):0.0} ms / p99 {LoadStats.Percentile(fast, 0.99):0.0} ms, {phase.AttemptsAfterWarmUp} vendor calls; first 201 {Seconds.Of(recovery)} after the fault was cleared"));
            checks.Add(Check.That($"{phase.Mode}: every pay during the fault was answered 201 or 503 (no 500, no hang)", wrong.Count == 0,
                wrong.Count == 0 ? $"{during.Count} pays" : LoadStats.Breakdown(wrong)));
            // Judged for the outage only: with slowness each attempt holds a pay for the whole timeout, so the
            // breaker (5 s open, then a probe) cycles and its effect shows in the figures, not as a count.
            if (phase.Mode == "fail")
                checks.Add(Check.That("fail: the breaker opened (most pays answered 503 without calling the vendor)",
                    open.Count > 0 && phase.AttemptsAfterWarmUp < open.Count,
                    $"{open.Count} pays, {phase.AttemptsAfterWarmUp} vendor calls after the first {warmUp.TotalSeconds:0} s"));
            checks.Add(Check.That($"{phase.Mode}: pay recovered by itself after the fault cleared", recovery is not null,
                recovery is null ? "no 201 before the end of the recovery window" : $"first 201 {Seconds.Of(recovery)} after"));
        }
        checks.Add(StackHealth.NoneExited(context.Stack));
        checks.AddRange(await context.Reconciliation.RunAsync(result.Orders));
        figures.AddRange(OperationFigures.Of(result.Records));
        return new ScenarioResult(Name, result.Stats, string.Join(", ", recoveries), figures, checks);
    }
}
