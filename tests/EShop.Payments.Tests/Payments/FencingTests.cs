using System.Net;
using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.Payments.Tests.Support;
using EShop.Payments.Tests.Telemetry;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Payments;

/// <summary>The reviewed double-charge interleaving and the late approval, staged through two payment-service replicas
/// with the simulator's fault injection.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class FencingTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task A_slow_holders_late_not_processed_cannot_release_the_takeover_and_one_charge_stands()
    {
        var simulator = env.StartSimulator();
        var admin = env.AdminOf(simulator);
        var replica1 = env.StartPaymentService(simulator, [("TimeoutSeconds", "10")]);
        var replica2 = env.StartPaymentService(simulator, [("TimeoutSeconds", "10")]);
        var shopper = await env.NewShopperAsync(replica1);
        var product = await env.CreateProductAsync(4300);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();
        // H1's charge attempt is answered "not processed", but only after 3 s.
        await admin.SetFaultAsync("fail", vendor: "visa", count: 1, delayMilliseconds: 3000);

        var h1 = shopper.PayAsync(body, key);
        var p1 = await IdempotencyRecords.WaitForClaimAsync(env, shopper.UserId, key);
        // H1 is slow past its lease: H2, on the other replica, takes over the same payment id and charges it.
        await env.ExpireLeaseAsync(shopper.UserId, key);
        var h2 = await shopper.Using(replica2.CreateClient()).PayAsync(body, key);
        var first = await h1;

        var h2Body = await ResponseAssert.IsJson(h2, HttpStatusCode.Created);
        Assert.Equal(p1, h2Body.GetProperty("paymentId").GetGuid());
        // H1's "nothing charged" was refused (stale fence): it did not fail P1 or release H2's claim, and waited for H2's answer.
        Assert.Equal(p1, (await ResponseAssert.IsJson(first, HttpStatusCode.Created)).GetProperty("paymentId").GetGuid());
        Assert.Equal(PaymentStatus.Approved, (await env.Db.GetPaymentAsync(p1, TestContext.Current.CancellationToken)).Required.Status);
        var charge = Assert.Single(await admin.ChargesAsync());
        Assert.Equal((p1.ToString(), "approved"), (charge.IdempotencyKey, charge.Status));

        // A retry as the 503 would have told: the replay tells the truth (P1), and nothing more is charged.
        var replay = await shopper.PayAsync(body, key);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(p1, (await ResponseAssert.IsJson(replay, HttpStatusCode.Created)).GetProperty("paymentId").GetGuid());
        Assert.Single(await admin.ChargesAsync());
    }

    [Fact]
    public async Task An_approval_that_arrives_for_a_failed_payment_is_voided_at_once_and_the_customer_pays_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var simulator = env.StartSimulator();
        var admin = env.AdminOf(simulator);
        var payments = env.StartPaymentService(simulator, [("TimeoutSeconds", "10")]);
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(1900);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();
        var lateApprovalsBefore = await LateApprovalsVoidedAsync(payments.CreateClient());
        // The holder's charge is made at once but answered after 3 s.
        await admin.SetFaultAsync("slow", vendor: "visa", count: 1, delayMilliseconds: 3000);

        var holder = shopper.PayAsync(body, key);
        var p1 = await IdempotencyRecords.WaitForClaimAsync(env, shopper.UserId, key);
        // Meanwhile the key is taken over and P1 judged "nothing charged": failed and released in one step.
        await env.ExpireLeaseAsync(shopper.UserId, key);
        var fence = (await env.Db.SeizeIdempotencyKeyAsync(new SeizeIdempotencyRequest(shopper.UserId, key, p1, 30), ct)).Required.Fence;
        Assert.Equal(DbOutcome.Ok, (await env.Db.ReleaseIdempotencyKeyAsync(
            new ReleaseIdempotencyRequest(shopper.UserId, key, p1, fence, "test: judged not charged"), ct)).Outcome);

        var answer = await ResponseAssert.IsJson(await holder, HttpStatusCode.Created);

        // The late approval of P1 was voided and recorded; the holder then served the request as the retry it is (P2).
        var p1Record = (await env.Db.GetPaymentAsync(p1, ct)).Required;
        Assert.Equal(PaymentStatus.Voided, p1Record.Status);
        var p2 = answer.GetProperty("paymentId").GetGuid();
        Assert.NotEqual(p1, p2);
        var charges = await admin.ChargesAsync();
        Assert.Equal("voided", Assert.Single(charges, c => c.IdempotencyKey == p1.ToString()).Status);
        Assert.Equal("approved", Assert.Single(charges, c => c.IdempotencyKey == p2.ToString()).Status);
        Assert.Equal(2, charges.Count);
        Assert.Contains(payments.Logs.Lines, line => line.Contains("Late approval") && line.Contains(p1.ToString()));
        // ... and counted for the alert (EShopLateVendorApproval).
        Assert.Equal(lateApprovalsBefore + 1, await LateApprovalsVoidedAsync(payments.CreateClient()));
    }

    private static async Task<double> LateApprovalsVoidedAsync(HttpClient payments) =>
        PrometheusScrape.Sum(await payments.GetStringAsync("/metrics"), "eshop_payments_late_approvals_total", ("outcome", "voided"));
}
