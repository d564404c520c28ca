using EShop.Reliability.Shop;

namespace EShop.Reliability.Checks;

/// <summary>After a scenario: retry every unsettled payment with its own Idempotency-Key (what a real client
/// does with a 503 or no answer), then reconcile three views of money: the answers clients got, the payments
/// table, and the vendor simulator's charge log.</summary>
public sealed class PaymentReconciliation(ShopClient shop, VendorSimulatorAdmin simulator, string connectionString, PaymentBook book)
{
    private const int MaxAttempts = 8;
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(150);

    public async Task<IReadOnlyList<Check>> RunAsync(IReadOnlyList<PayOrder> scenarioOrders)
    {
        var chargedBefore = ApprovedKeys(await simulator.ChargesAsync());
        var rowsBefore = await PaymentsTable.StatusesAsync(connectionString);
        var failedButCharged = rowsBefore.Where(r => r.Value == "failed" && chargedBefore.Contains(r.Key.ToString())).Select(r => r.Key).ToList();
        var unsettled = scenarioOrders.Where(o => !o.IsSettled).ToList();
        var pendingCharged = unsettled.Count(o => o.PaymentIds.Any(id => chargedBefore.Contains(id.ToString())));

        await RetryAsync(unsettled);

        var orders = book.Orders;
        var charges = await simulator.ChargesAsync();
        var rows = await PaymentsTable.StatusesAsync(connectionString);
        var approvedRows = rows.Where(r => r.Value == "approved").Select(r => r.Key).ToHashSet();
        var approvedAnswers = orders.Where(o => o.ApprovedPaymentId is not null).Select(o => o.ApprovedPaymentId!.Value).ToHashSet();
        var chargesPerKey = charges.Where(c => c.Status == "approved").GroupBy(c => c.IdempotencyKey).ToDictionary(g => g.Key, g => g.Count());
        var stillUnsettled = unsettled.Count(o => !o.IsSettled);
        // A key moves on to a new payment only after a 503 that charged nothing: the earlier ones stay failed and uncharged.
        var splitKeys = orders.Count(o => o.PaymentIds.Count(id => rows.GetValueOrDefault(id) != "failed" || chargesPerKey.ContainsKey(id.ToString())) > 1);
        var answeredButNotRecorded = approvedAnswers.Count(id => !approvedRows.Contains(id) || chargesPerKey.GetValueOrDefault(id.ToString()) != 1);
        var chargedButNotAnswered = chargesPerKey.Keys.Where(key => !Guid.TryParse(key, out var id) || !approvedRows.Contains(id) || !approvedAnswers.Contains(id))
            .Select(key => $"{key} (row {(Guid.TryParse(key, out var id) ? rows.GetValueOrDefault(id, "missing") : "?")}, {(orders.FirstOrDefault(o => o.PaymentIds.Contains(id)) is { } o ? "key " + o.Key + " answers " + string.Join("/", o.Answers.Select(a => $"{a.Status}:{a.PaymentId}")) : "no client saw this payment id")})")
            .ToList();
        var recordedButNotCharged = approvedRows.Count(id => !chargesPerKey.ContainsKey(id.ToString()));

        return
        [
            Check.That("a payment marked failed (\"nothing charged\") was never charged", failedButCharged.Count == 0,
                failedButCharged.Count == 0 ? $"{rowsBefore.Count(r => r.Value == "failed")} failed payments, none charged"
                    : $"charged although failed: {string.Join(", ", failedButCharged.Take(5))}"),
            Check.That("every unsettled payment settles when retried with its own key", stillUnsettled == 0,
                $"{unsettled.Count} unsettled after the load ({pendingCharged} of them already charged and pending), {stillUnsettled} still unsettled after retries"),
            Check.That("one Idempotency-Key never became two payments", splitKeys == 0,
                $"{splitKeys} of {orders.Count} keys saw more than one payment id besides failed, uncharged ones"),
            Check.That("every 201 is in the payments table (approved) and charged exactly once", answeredButNotRecorded == 0,
                $"{approvedAnswers.Count} approved answers, {answeredButNotRecorded} missing a row or not charged exactly once"),
            Check.That("every vendor charge belongs to an approved payment a client was told about", chargedButNotAnswered.Count == 0 && recordedButNotCharged == 0,
                $"{chargesPerKey.Count} charged keys at the simulator, {approvedRows.Count} approved rows; {chargedButNotAnswered.Count} charges without an approved answer, {recordedButNotCharged} approved rows without a charge" +
                (chargedButNotAnswered.Count == 0 ? "" : ": " + string.Join("; ", chargedButNotAnswered.Take(4)))),
        ];
    }

    private static HashSet<string> ApprovedKeys(IEnumerable<VendorSimulatorAdmin.Charge> charges) =>
        charges.Where(c => c.Status == "approved").Select(c => c.IdempotencyKey).ToHashSet();

    private async Task RetryAsync(IReadOnlyList<PayOrder> orders)
    {
        using var budget = new CancellationTokenSource(RetryBudget);
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (order, _) =>
        {
            for (var attempt = 0; attempt < MaxAttempts && !order.IsSettled && !budget.IsCancellationRequested; attempt++)
            {
                if (attempt > 0)
                {
                    var wait = TimeSpan.FromSeconds(Math.Clamp((order.LastRetryAfter ?? TimeSpan.FromSeconds(2)).TotalSeconds, 1, 15));
                    try { await Task.Delay(wait, budget.Token); } catch (OperationCanceledException) { return; }
                }
                await shop.PayAsync(order);
            }
        });
    }
}
