using EShop.Reliability.Checks;
using EShop.Reliability.Load;
using EShop.Reliability.Report;

namespace EShop.Reliability.Scenarios;

/// <summary>1. The mixed journey for a fixed time with nothing broken: the baseline figures.</summary>
public sealed class SteadyLoadScenario(TimeSpan duration) : IScenario
{
    public string Name => "steady mixed load";

    public async Task<ScenarioResult> RunAsync(SuiteContext context)
    {
        var result = await context.Load.RunAsync(new LoadGenerator.Plan(LoadMix.Journey, context.Workers, duration));
        var failed = result.Records.Where(r => r.IsServerFailure).ToList();
        var checks = new List<Check>
        {
            Check.That("no request failed with nothing broken", failed.Count == 0, $"failures: {OperationFigures.Failures(result.Records)}"),
            StackHealth.NoneExited(context.Stack),
        };
        checks.AddRange(await context.Reconciliation.RunAsync(result.Orders));
        return new ScenarioResult(Name, result.Stats, "-",
            [$"mix {LoadMix.Journey}, {context.Workers} concurrent clients, {duration.TotalSeconds:0} s", .. OperationFigures.Of(result.Records)], checks);
    }
}
