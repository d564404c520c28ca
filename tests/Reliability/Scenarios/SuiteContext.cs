using EShop.Reliability.Checks;
using EShop.Reliability.Load;
using EShop.Reliability.Report;
using EShop.Reliability.Shop;
using EShop.Reliability.Stack;

namespace EShop.Reliability.Scenarios;

/// <summary>What every scenario works with: the running stack, a client through its gateway, the shoppers,
/// the book of every payment order, the load generator and the reconciliation.</summary>
public sealed class SuiteContext(LocalStack stack, ShopClient shop, Shoppers shoppers, PaymentBook book, int workers)
{
    public LocalStack Stack { get; } = stack;
    public ShopClient Shop { get; } = shop;
    public Shoppers Shoppers { get; } = shoppers;
    public int Workers { get; } = workers;
    public VendorSimulatorAdmin Simulator { get; } = VendorSimulatorAdmin.For(stack);
    public LoadGenerator Load { get; } = new(shop, shoppers, book);
    public PaymentReconciliation Reconciliation { get; } = new(shop, VendorSimulatorAdmin.For(stack), stack.DatabaseConnectionString!, book);

    /// <summary>Runs the load and, alongside it, the fault timeline (which gets the load's start time).</summary>
    public async Task<LoadGenerator.Result> LoadWithAsync(LoadGenerator.Plan plan, Func<DateTime, Task> faults)
    {
        var started = DateTime.UtcNow;
        var load = Load.RunAsync(plan);
        await faults(started);
        return await load;
    }

    public static Task At(DateTime start, double seconds)
    {
        var wait = start.AddSeconds(seconds) - DateTime.UtcNow;
        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }

    /// <summary>Restarts every exited replica (as Kubernetes would) and returns how long until all were ready.</summary>
    public async Task<TimeSpan> RestartExitedAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(StackHealth.AllReplicas(Stack).Where(r => r.Replica.Process.HasExited)
            .Select(r => Stack.RestartReplicaAsync(r.Service, r.Index, CancellationToken.None)));
        return clock.Elapsed;
    }
}

public interface IScenario
{
    string Name { get; }
    Task<ScenarioResult> RunAsync(SuiteContext context);
}
