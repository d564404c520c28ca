using EShop.Reliability.Checks;
using EShop.Reliability.Load;
using EShop.Reliability.Report;
using Npgsql;

namespace EShop.Reliability.Scenarios;

/// <summary>7. Slow holder, takeover, vendor flapping: under a pay-heavy load the card vendors flap between failing
/// ("not processed"), answering after payment-service's timeout (charged) and healthy, while every few seconds the
/// leases of the keys in progress are ended as if their holders had stalled, so duplicates and retries take the keys
/// over with new fences while the first holders still work. Then the reconciler settles what is left pending.</summary>
public sealed class SlowHolderTakeoverScenario(TimeSpan duration, TimeSpan settleWindow, int slowMilliseconds) : IScenario
{
    public string Name => "slow holder, takeover, vendor flapping";

    public async Task<ScenarioResult> RunAsync(SuiteContext context)
    {
        var connectionString = context.Stack.DatabaseConnectionString!;
        var takeovers = 0;
        var plan = new LoadGenerator.Plan(LoadMix.PayHeavy, context.Workers, duration);
        var result = await context.LoadWithAsync(plan, async start =>
        {
            var timeline = new Random(7);
            var at = 2.0;
            while (at < duration.TotalSeconds - 2)
            {
                await SuiteContext.At(start, at);
                var mode = new[] { "fail", "slow", "none" }[timeline.Next(3)];
                await context.Simulator.SetFaultAsync(mode, mode == "slow" ? slowMilliseconds : null);
                takeovers += await EndLeasesAsync(connectionString);
                at += 1.5 + timeline.NextDouble() * 2;
            }
            await context.Simulator.SetFaultAsync("none");
        });

        var pays = result.Records.Where(r => r.Operation == Operation.Pay).ToList();
        var wrong = pays.Where(r => r.Status is not (201 or 402 or 409 or 503)).ToList();
        var checks = new List<Check>
        {
            Check.That("every pay was answered 201, 402, 409 or 503 (no 500, no edge timeout)", wrong.Count == 0,
                wrong.Count == 0 ? $"{pays.Count} pays" : LoadStats.Breakdown(wrong)),
            StackHealth.NoneExited(context.Stack),
        };
        checks.AddRange(await context.Reconciliation.RunAsync(result.Orders));
        var pending = await PendingAfterAsync(connectionString, settleWindow);
        checks.Add(Check.That($"no payment is pending {settleWindow.TotalSeconds:0} s after the load (the reconciler settled them)", pending == 0,
            $"{pending} pending"));
        var figures = new List<string>
        {
            $"mix {LoadMix.PayHeavy}, {context.Workers} clients for {duration.TotalSeconds:0} s; vendor flapping fail/slow ({slowMilliseconds} ms)/none; {takeovers} leases ended under their holders",
        };
        figures.AddRange(OperationFigures.Of(result.Records));
        return new ScenarioResult(Name, result.Stats, $"{takeovers} forced takeovers", figures, checks);
    }

    /// <summary>Ends every in-progress lease now, as if each holder had stalled past it; returns how many.</summary>
    private static async Task<int> EndLeasesAsync(string connectionString)
    {
        await using var connection = PaymentsTable.Unpooled(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE idempotency_records SET lease_expires_at = now() - interval '1 second' WHERE completed_at IS NULL AND lease_expires_at > now()", connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> PendingAfterAsync(string connectionString, TimeSpan window)
    {
        var until = DateTime.UtcNow + window;
        while (true)
        {
            var pending = (await PaymentsTable.StatusesAsync(connectionString)).Count(p => p.Value == "pending");
            if (pending == 0 || DateTime.UtcNow > until) return pending;
            await Task.Delay(1000);
        }
    }
}
