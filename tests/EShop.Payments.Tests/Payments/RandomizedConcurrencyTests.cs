using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Payments.Tests.Support;
using Npgsql;
using Xunit;

namespace EShop.Payments.Tests.Payments;

/// <summary>Many clients send duplicates of a few keys to two replicas while vendor faults (fail, slow, reset, error)
/// switch on and off, and retry as Retry-After says; then the simulator's charge ledger is reconciled with the payments
/// table and the stored answers. Seeded: set PAYMENTS_CHAOS_SEED to replay a run; the seed is in every failure message.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class RandomizedConcurrencyTests(PaymentsEnvironment env) : IAsyncDisposable
{
    // Its reconcilers stop with the test: one left running would judge later tests' payments against its own simulator
    // (a charge it cannot find) and fail them at its short deadline.
    private readonly List<IAsyncDisposable> _reconciling = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _reconciling) await host.DisposeAsync();
    }

    private static readonly string[] Faults = ["none", "fail", "slow", "reset", "error"];
    private static readonly TimeSpan ChaosFor = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan ClientsFor = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan SettleFor = TimeSpan.FromSeconds(20);

    private sealed record FinalAnswer(Guid UserId, string Key, int Status, Guid PaymentId);

    [Fact]
    public async Task Duplicates_under_flapping_faults_leave_at_most_one_charge_per_key_and_truthful_answers()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PAYMENTS_CHAOS_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        var random = new Random(seed);
        var simulator = env.StartSimulator(slowDelayMilliseconds: 1500);
        var admin = env.AdminOf(simulator);
        (string, string)[] vendor = [("TimeoutSeconds", "1"), ("MaxRetries", "1")];
        (string, string)[] settings =
        [
            ("Payments:DbCallTimeoutSeconds", "1"), ("Payments:WaitSeconds", "4"), ("Payments:ReconcileIntervalSeconds", "0.5"),
            ("Payments:ReconcileAfterSeconds", "0"), ("Payments:FailAfterSeconds", "3"),
        ];
        var replicas = new[] { env.StartPaymentService(simulator, vendor, settings), env.StartPaymentService(simulator, vendor, settings) };
        _reconciling.AddRange(replicas);
        var product = await env.CreateProductAsync(1200);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var shoppers = new List<Shopper>();
        for (var i = 0; i < 3; i++) shoppers.Add(await env.NewShopperAsync(replicas[0]));
        var keys = shoppers.SelectMany(s => Enumerable.Range(0, 3).Select(_ => (Shopper: s, Key: Shopper.NewKey()))).ToArray();
        var clientSeeds = keys.SelectMany(k => Enumerable.Range(0, 3).Select(_ => (k.Shopper, k.Key, Replica: random.Next(2), Seed: random.Next()))).ToArray();
        var chaosSeed = random.Next();

        var started = DateTime.UtcNow;
        var chaos = RunChaosAsync(admin, new Random(chaosSeed), started);
        var answers = await Task.WhenAll(clientSeeds.Select(c =>
            RunClientAsync(c.Shopper.Using(replicas[c.Replica].CreateClient()), c.Shopper.UserId, c.Key, body, new Random(c.Seed), started)));
        await chaos;
        await admin.SetFaultAsync("none");

        var userIds = shoppers.Select(s => s.UserId).ToArray();
        await WaitUntilNothingPendingAsync(userIds, seed);
        var context = $"seed {seed} (replay with PAYMENTS_CHAOS_SEED={seed})";

        var payments = await PaymentsOfAsync(userIds);
        var charges = (await admin.ChargesAsync()).Where(c => payments.ContainsKey(c.IdempotencyKey)).ToArray();
        Assert.True(charges.Length > 0, $"{context}: no charge at all was made");
        foreach (var (shopper, key) in keys)
        {
            var standing = charges.Where(c => c.Status == "approved" && payments[c.IdempotencyKey].Key == key).ToArray();
            Assert.True(standing.Length <= 1, $"{context}: key {key} has {standing.Length} approved, non-voided charges");
            var finals = answers.Where(a => a is not null && a.Key == key).Select(a => a!).ToArray();
            Assert.True(finals.Select(a => a.PaymentId).Distinct().Count() <= 1, $"{context}: clients of key {key} got different payments");
            foreach (var answer in finals.Where(a => a.Status == 201))
            {
                var charge = Assert.Single(standing);
                Assert.True(charge.IdempotencyKey == answer.PaymentId.ToString(), $"{context}: key {key} answered 201 for {answer.PaymentId}, charged {charge.IdempotencyKey}");
                Assert.True(payments[charge.IdempotencyKey].Status == "approved", $"{context}: payment {answer.PaymentId} is {payments[charge.IdempotencyKey].Status}");
            }
        }
        // Every approved payment row is backed by its standing charge, and every stored 201 names an approved payment.
        foreach (var (id, row) in payments.Where(p => p.Value.Status == "approved"))
            Assert.True(charges.Count(c => c.IdempotencyKey == id && c.Status == "approved") == 1, $"{context}: approved payment {id} has no standing charge");
        foreach (var stored in await StoredAnswersAsync(userIds))
            Assert.True(payments.TryGetValue(stored.ToString(), out var row) && row.Status == "approved", $"{context}: a stored 201 names payment {stored}, which is not approved");
    }

    private static async Task RunChaosAsync(SimulatorAdmin admin, Random random, DateTime started)
    {
        while (DateTime.UtcNow - started < ChaosFor)
        {
            await admin.SetFaultAsync(Faults[random.Next(Faults.Length)], vendor: "visa", count: random.Next(1, 4), delayMilliseconds: 1500);
            await Task.Delay(random.Next(200, 800));
        }
    }

    /// <summary>One client: sends, and retries as Retry-After says (capped) until a final answer (201 or 402) or the deadline.</summary>
    private static async Task<FinalAnswer?> RunClientAsync(Shopper shopper, Guid userId, string key, System.Text.Json.Nodes.JsonNode body, Random random, DateTime started)
    {
        await Task.Delay(random.Next(0, 300));
        while (DateTime.UtcNow - started < ClientsFor)
        {
            using var response = await shopper.PayAsync(body.DeepClone(), key);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.PaymentRequired)
            {
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                return new FinalAnswer(userId, key, (int)response.StatusCode, answer.GetProperty("paymentId").GetGuid());
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds, 2000) + random.Next(0, 200)));
        }
        return null;
    }

    private async Task WaitUntilNothingPendingAsync(Guid[] userIds, int seed)
    {
        var until = DateTime.UtcNow + SettleFor;
        while (true)
        {
            var pending = (await PaymentsOfAsync(userIds)).Where(p => p.Value.Status == "pending").Select(p => p.Key).ToArray();
            if (pending.Length == 0) return;
            if (DateTime.UtcNow > until)
                Assert.Fail($"seed {seed}: payments still pending after the reconciler's deadline: {string.Join(", ", pending)}");
            await Task.Delay(250);
        }
    }

    private async Task<Dictionary<string, (string Key, string Status)>> PaymentsOfAsync(Guid[] userIds)
    {
        await using var db = await env.Sql.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("SELECT id, idempotency_key, status FROM payments WHERE user_id = ANY(@users)", db);
        query.Parameters.AddWithValue("users", userIds);
        var rows = new Dictionary<string, (string, string)>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetGuid(0).ToString()] = (reader.GetString(1), reader.GetString(2));
        return rows;
    }

    private async Task<List<Guid>> StoredAnswersAsync(Guid[] userIds)
    {
        await using var db = await env.Sql.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand(
            "SELECT response_body::text FROM idempotency_records WHERE user_id = ANY(@users) AND response_status = 201", db);
        query.Parameters.AddWithValue("users", userIds);
        var ids = new List<Guid>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.GetProperty("paymentId").GetGuid());
        return ids;
    }
}
