using System.Net;
using EShop.DbService.Contracts;
using EShop.Payments.Tests.Support;
using EShop.PaymentService;
using EShop.TestSupport;
using Npgsql;
using Xunit;

namespace EShop.Payments.Tests.Vendors;

/// <summary>The vendor adapters' rules on the standard resilience handler, one test per rule: retries (same vendor
/// idempotency key) only after an answer that proves nothing was processed, never after a maybe-charged one (timeout,
/// reset, unknown error); no connection counts as nothing charged; one breaker per vendor. Each test gets its own
/// simulator and payment-service so faults and breaker state stay private.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class VendorResilienceTests(PaymentsEnvironment env)
{
    private (KestrelServiceFactory<PaymentServiceEntryPoint> Payments, SimulatorAdmin Admin) Isolated(params (string Key, string Value)[] vendorSettings)
    {
        var simulator = env.StartSimulator(slowDelayMilliseconds: 4000);
        return (env.StartPaymentService(simulator, [("TimeoutSeconds", "1"), ("MaxRetries", "2"), ("BreakSeconds", "600"), .. vendorSettings]),
            env.AdminOf(simulator));
    }

    private async Task<HttpResponseMessage> PayAsync(KestrelServiceFactory<PaymentServiceEntryPoint> payments, string number)
    {
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2100);
        return await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(number), (product, 1)));
    }

    private static async Task<Guid> ServiceUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.Is(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds expected");
        return problem.GetProperty("paymentId").GetGuid();
    }

    [Theory]
    [InlineData("slow")]
    [InlineData("reset")]
    [InlineData("error")]
    public async Task A_maybe_charged_answer_is_never_retried_and_leaves_the_payment_pending(string fault)
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Isolated();
        // slow: charged, answered after the timeout; reset: charged, connection reset; error: a 500 without the "not processed" code.
        await admin.SetFaultAsync(fault, vendor: "visa", count: 1, delayMilliseconds: 4000);

        var paymentId = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));

        Assert.Equal(1, await admin.AttemptsAsync("visa"));
        Assert.Equal(fault == "error" ? 0 : 1, (await admin.ChargesForAsync(paymentId)).Count);
        Assert.Equal(PaymentStatus.Pending, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
    }

    [Fact]
    public async Task A_vendor_that_cannot_be_connected_to_charged_nothing_so_the_payment_fails_and_the_key_is_released()
    {
        var ct = TestContext.Current.CancellationToken;
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var simulator = env.StartSimulator();
        var payments = env.StartPaymentService(simulator, [("TimeoutSeconds", "1"), ("MaxRetries", "1")],
            ("Vendors:Visa:BaseUrl", $"http://127.0.0.1:{port}/"));

        var paymentId = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));

        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
    }

    [Fact]
    public async Task A_vendor_that_never_answers_in_time_leaves_the_payment_pending_and_charged_at_most_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Isolated();

        var paymentId = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaSlow));

        Assert.Equal(1, await admin.AttemptsAsync("visa"));
        // The vendor did charge (its answer was late): the payment stays pending, never failed, for reconciliation.
        Assert.Single(await admin.ChargesForAsync(paymentId));
        Assert.Equal(PaymentStatus.Pending, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
    }

    [Fact]
    public async Task A_vendor_that_refuses_to_process_leaves_the_payment_failed_and_uncharged()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Isolated();

        var paymentId = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaFailure));

        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        Assert.Empty(await admin.ChargesForAsync(paymentId));
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
    }

    [Fact]
    public async Task A_vendor_outage_answers_503_and_opens_that_vendors_breaker_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Isolated(("BreakerMinimumThroughput", "3"));
        await admin.SetFaultAsync("fail", vendor: "visa");

        var first = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));
        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(first, ct)).Required.Status);

        // Breaker open: the next Visa payments fail fast without reaching the vendor, even after it recovers.
        var second = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));
        await admin.SetFaultAsync("none");
        await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));
        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(second, ct)).Required.Status);
        Assert.Empty(await admin.ChargesAsync());

        // Other vendors have their own breakers.
        await ResponseAssert.IsJson(await PayAsync(payments, TestCards.MastercardApprove), HttpStatusCode.Created);
    }

    [Fact]
    public async Task After_a_503_that_charged_nothing_a_retry_with_the_same_key_proceeds_at_once_as_a_new_payment()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Isolated();
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();
        await admin.SetFaultAsync("fail", vendor: "visa");

        var first = await shopper.PayAsync(body, key);
        var failedId = await ServiceUnavailableAsync(first);
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(failedId, ct)).Required.Status);
        // The claim was released: Retry-After is a short constant, not the rest of the lease (about 18 s here).
        Assert.InRange(first.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 5);

        await admin.SetFaultAsync("none");
        var retried = await ResponseAssert.IsJson(await shopper.PayAsync(body, key), HttpStatusCode.Created);

        var paymentId = retried.GetProperty("paymentId").GetGuid();
        Assert.NotEqual(failedId, paymentId);
        var charge = Assert.Single(await admin.ChargesAsync());
        Assert.Equal((paymentId.ToString(), "approved"), (charge.IdempotencyKey, charge.Status));
        // The failed payment stays as history; the key now replays the 201.
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(failedId, ct)).Required.Status);
        var replay = await shopper.PayAsync(body, key);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(paymentId, (await ResponseAssert.IsJson(replay, HttpStatusCode.Created)).GetProperty("paymentId").GetGuid());
        Assert.Single(await admin.ChargesAsync());
    }

    [Fact]
    public async Task An_open_breaker_releases_the_key_and_asks_for_its_own_remaining_break_time()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Isolated(("BreakerMinimumThroughput", "3"));
        await admin.SetFaultAsync("fail", vendor: "visa");
        await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();

        var first = await shopper.PayAsync(body, key);
        var firstId = await ServiceUnavailableAsync(first);
        // The breaker's remaining break (BreakSeconds 600), far beyond the lease (about 18 s here).
        Assert.InRange(first.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 60, 600);

        // The same key is not held: the retry is answered at once (breaker still open), as a new failed payment.
        var againId = await ServiceUnavailableAsync(await shopper.PayAsync(body, key));
        Assert.NotEqual(firstId, againId);
        Assert.Equal((PaymentStatus.Failed, PaymentStatus.Failed),
            ((await env.Db.GetPaymentAsync(firstId, ct)).Required.Status, (await env.Db.GetPaymentAsync(againId, ct)).Required.Status));
        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        Assert.Empty(await admin.ChargesAsync());
    }

    [Fact]
    public async Task A_pending_payment_keeps_its_claim_until_the_lease_ends_then_the_retry_continues_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payments, admin) = Isolated();
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();
        // The attempt is charged but answered too late: the payment may have been charged, and is not retried.
        await admin.SetFaultAsync("slow", vendor: "visa", count: 1, delayMilliseconds: 4000);

        var pendingId = await ServiceUnavailableAsync(await shopper.PayAsync(body, key));

        Assert.Equal(PaymentStatus.Pending, (await env.Db.GetPaymentAsync(pendingId, ct)).Required.Status);
        await using var db = await env.Sql.OpenConnectionAsync(ct);
        await using (var record = new NpgsqlCommand(
            "SELECT resource_id, completed_at IS NULL AND lease_expires_at > now() FROM idempotency_records WHERE user_id = @user AND key = @key", db))
        {
            record.Parameters.AddWithValue("user", shopper.UserId);
            record.Parameters.AddWithValue("key", key);
            await using var reader = await record.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct), "the claim of a pending payment must not be released");
            Assert.Equal((pendingId, true), (reader.GetGuid(0), reader.GetBoolean(1)));
        }

        // Once the lease has ended, the retry takes over the same payment id, which the vendor de-duplicates.
        await using (var expire = new NpgsqlCommand(
            "UPDATE idempotency_records SET lease_expires_at = now() - interval '1 second' WHERE user_id = @user AND key = @key", db))
        {
            expire.Parameters.AddWithValue("user", shopper.UserId);
            expire.Parameters.AddWithValue("key", key);
            Assert.Equal(1, await expire.ExecuteNonQueryAsync(ct));
        }
        var retried = await ResponseAssert.IsJson(await shopper.PayAsync(body, key), HttpStatusCode.Created);

        Assert.Equal(pendingId, retried.GetProperty("paymentId").GetGuid());
        Assert.Equal(pendingId.ToString(), Assert.Single(await admin.ChargesAsync()).IdempotencyKey);
        Assert.Equal(PaymentStatus.Approved, (await env.Db.GetPaymentAsync(pendingId, ct)).Required.Status);
    }
}
