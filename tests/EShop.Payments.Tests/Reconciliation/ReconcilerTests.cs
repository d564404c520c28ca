using System.Net;
using EShop.DbService.Contracts;
using EShop.Payments.Tests.Support;
using EShop.PaymentService;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Reconciliation;

/// <summary>The reconciler settles payments whose vendor answer never came, from the vendor's own record of the charge,
/// and completes the stored answer so a late retry gets the truth.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class ReconcilerTests(PaymentsEnvironment env) : IAsyncDisposable
{
    // Its reconcilers stop with the test: one left running would judge later tests' payments against its own simulator
    // (a charge it cannot find) and fail them at its short deadline.
    private readonly List<IAsyncDisposable> _reconciling = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _reconciling) await host.DisposeAsync();
    }

    private (KestrelServiceFactory<PaymentServiceEntryPoint> Payments, SimulatorAdmin Admin) Reconciling(int failAfterSeconds)
    {
        var simulator = env.StartSimulator();
        var payments = env.StartPaymentService(simulator, [("TimeoutSeconds", "1"), ("MaxRetries", "1")],
            ("Payments:ReconcileIntervalSeconds", "0.3"), ("Payments:ReconcileAfterSeconds", "0"), ("Payments:FailAfterSeconds", failAfterSeconds.ToString()));
        _reconciling.Add(payments);
        return (payments, env.AdminOf(simulator));
    }

    private static async Task<PaymentRecord> SettledAsync(PaymentsEnvironment env, Guid paymentId, KestrelServiceFactory<PaymentServiceEntryPoint> payments)
    {
        for (var tries = 0; tries < 100; tries++)
        {
            var payment = (await env.Db.GetPaymentAsync(paymentId)).Required;
            if (payment.Status != PaymentStatus.Pending) return payment;
            await Task.Delay(100);
        }
        await using var db = await env.Sql.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var q = new Npgsql.NpgsqlCommand("SELECT p.idempotency_key, p.created_at, now(), r.lease_expires_at, r.completed_at, r.resource_id FROM payments p LEFT JOIN idempotency_records r ON r.user_id = p.user_id AND r.key = p.idempotency_key WHERE p.id = @id", db);
        q.Parameters.AddWithValue("id", paymentId);
        await using var rd = await q.ExecuteReaderAsync();
        await rd.ReadAsync();
        var row = string.Join(" | ", Enumerable.Range(0, 6).Select(i => rd.IsDBNull(i) ? "null" : rd.GetValue(i).ToString()));
        throw new TimeoutException($"payment {paymentId} is still pending ({row}); reconciler log:\n"
            + string.Join("\n", payments.Logs.Lines.Where(l => (l.Contains("pending?", StringComparison.Ordinal) || l.Contains("seize", StringComparison.Ordinal) || l.Contains("charges", StringComparison.Ordinal) || l.Contains("Warn", StringComparison.Ordinal)) && l.Contains("Received", StringComparison.Ordinal)).TakeLast(12)));
    }

    [Fact]
    public async Task A_charge_whose_answer_was_lost_is_settled_approved_and_the_retry_replays_it()
    {
        var (payments, admin) = Reconciling(failAfterSeconds: 600);
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2500);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();
        // The charge is made, then the connection resets: payment-service cannot know, the payment stays pending.
        await admin.SetFaultAsync("reset", vendor: "visa", count: 1);
        var pending = await ProblemAssert.Is(await shopper.PayAsync(body, key), HttpStatusCode.ServiceUnavailable);
        var paymentId = pending.GetProperty("paymentId").GetGuid();
        // The holder has gone (its lease ends) and the lookup itself fails once: the GET is retried like any read.
        await admin.SetFaultAsync("fail", vendor: "visa", count: 1);
        await env.ExpireLeaseAsync(shopper.UserId, key);

        var settled = await SettledAsync(env, paymentId, payments);

        Assert.Equal(PaymentStatus.Approved, settled.Status);
        var charge = Assert.Single(await admin.ChargesAsync());
        Assert.Equal(charge.ChargeId, settled.VendorReference);
        var replay = await shopper.PayAsync(body, key);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(paymentId, (await ResponseAssert.IsJson(replay, HttpStatusCode.Created)).GetProperty("paymentId").GetGuid());
        Assert.Single(await admin.ChargesAsync());
    }

    [Fact]
    public async Task A_payment_the_vendor_never_charged_is_failed_after_the_deadline_and_the_key_starts_afresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Reconciling(failAfterSeconds: 2);
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2500);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();
        // A 500 without the "not processed" code: maybe charged as far as payment-service knows; in fact nothing was.
        await admin.SetFaultAsync("error", vendor: "visa", count: 1);
        var pending = await ProblemAssert.Is(await shopper.PayAsync(body, key), HttpStatusCode.ServiceUnavailable);
        var paymentId = pending.GetProperty("paymentId").GetGuid();
        Assert.Equal(PaymentStatus.Pending, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
        await env.ExpireLeaseAsync(shopper.UserId, key);

        var settled = await SettledAsync(env, paymentId, payments);

        Assert.Equal(PaymentStatus.Failed, settled.Status);
        Assert.Empty(await admin.ChargesAsync());
        // The key was released with it: the retry is a new payment, charged once.
        var retried = await ResponseAssert.IsJson(await shopper.PayAsync(body, key), HttpStatusCode.Created);
        Assert.NotEqual(paymentId, retried.GetProperty("paymentId").GetGuid());
        Assert.Single(await admin.ChargesAsync());
    }

    [Fact]
    public async Task The_reconciler_leaves_a_payment_alone_while_its_holder_keeps_the_lease()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Reconciling(failAfterSeconds: 1);
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2500);
        var key = Shopper.NewKey();
        await admin.SetFaultAsync("error", vendor: "visa", count: 1);
        var pending = await ProblemAssert.Is(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1)), key), HttpStatusCode.ServiceUnavailable);

        // Several reconciler rounds pass (0.3 s apart) while the lease (about a minute here) lasts.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);

        Assert.Equal(PaymentStatus.Pending, (await env.Db.GetPaymentAsync(pending.GetProperty("paymentId").GetGuid(), ct)).Required.Status);
    }
}
