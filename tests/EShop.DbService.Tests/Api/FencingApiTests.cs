using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>Fenced idempotency claims and the payment status machine, through db-service's own API.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class FencingApiTests(DbServiceFixture db)
{
    private static readonly JsonElement ApprovedBody = JsonDocument.Parse("""{"paymentId":"p1","status":"approved"}""").RootElement;

    /// <summary>The review's double charge, step by step: a slow holder H1, a takeover H2 with the same resource id, H1's
    /// "nothing charged" release, a retry H3, H2's approval and complete. Fencing refuses every stale step.</summary>
    [Fact]
    public async Task The_reviewed_interleaving_leaves_one_charge_and_a_truthful_replay()
    {
        var ct = TestContext.Current.CancellationToken;
        // 1. H1 claims K for P1 and is slow; its lease ends and H2 takes over with the same resource id.
        var (p1, claim, h1) = await HeldPayments.CreateAsync(db);
        await db.ExpireLeaseAsync(claim.UserId!.Value, claim.Key);
        var takeover = (await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required;
        Assert.Equal((ClaimOutcome.Claimed, p1.Id), (takeover.Outcome, takeover.ResourceId));
        Assert.True(takeover.Fence > h1.Fence!.Value, "a takeover draws a larger fence");
        var h2 = h1 with { Fence = takeover.Fence };

        // 2. H1 got a 503: its mark-failed-and-release is refused as a whole; P1 stays pending, H2 keeps the key.
        var staleRelease = await db.Client.ReleaseIdempotencyKeyAsync(
            new ReleaseIdempotencyRequest(h1.UserId, h1.Key, p1.Id, h1.Fence, "vendor unavailable"), ct);
        Assert.Equal(DbOutcome.Conflict, staleRelease.Outcome);
        Assert.Equal(PaymentStatus.Pending, (await db.Client.GetPaymentAsync(p1.Id, ct)).Required.Status);
        var staleFail = await db.Client.SetPaymentStatusAsync(
            p1.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Failed, null, "x", h1), ct);
        Assert.Equal((DbOutcome.Conflict, "stale-holder"), (staleFail.Outcome, staleFail.ProblemExtension("refusal")));

        // 3. The client's retry H3 does not claim afresh: the key is still H2's.
        var h3 = (await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required;
        Assert.Equal((ClaimOutcome.InProgress, p1.Id), (h3.Outcome, h3.ResourceId));

        // 4. H2's charge succeeds: P1 pending → approved, and H2's answer is stored; H1 can store nothing.
        var approved = await db.Client.SetPaymentStatusAsync(
            p1.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, "ch_1", null, h2), ct);
        Assert.Equal(PaymentStatus.Approved, approved.Required.Status);
        Assert.Equal(DbOutcome.Conflict, (await db.Client.CompleteIdempotencyKeyAsync(
            new CompleteIdempotencyRequest(h1.UserId, h1.Key, 503, JsonDocument.Parse("{}").RootElement, h1.Fence), ct)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.CompleteIdempotencyKeyAsync(
            new CompleteIdempotencyRequest(h2.UserId, h2.Key, 201, ApprovedBody, h2.Fence), ct)).Outcome);

        var replay = (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required;
        Assert.Equal((ClaimOutcome.Completed, p1.Id, 201), (replay.Outcome, replay.ResourceId, replay.ResponseStatus));
        Assert.Equal(ApprovedBody.GetRawText(), replay.ResponseBody!.Value.GetRawText());
        // A second complete, even by the current holder, cannot rewrite the stored answer.
        Assert.Equal(DbOutcome.Conflict, (await db.Client.CompleteIdempotencyKeyAsync(
            new CompleteIdempotencyRequest(h2.UserId, h2.Key, 503, JsonDocument.Parse("{}").RootElement, h2.Fence), ct)).Outcome);
    }

    [Fact]
    public async Task Failing_a_payment_and_releasing_its_key_happen_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, claim, holder) = await HeldPayments.CreateAsync(db);

        var released = await db.Client.ReleaseIdempotencyKeyAsync(
            new ReleaseIdempotencyRequest(holder.UserId, holder.Key, payment.Id, holder.Fence, "vendor unavailable"), ct);

        Assert.Equal(DbOutcome.Ok, released.Outcome);
        var failed = (await db.Client.GetPaymentAsync(payment.Id, ct)).Required;
        Assert.Equal((PaymentStatus.Failed, "vendor unavailable"), (failed.Status, failed.Reason));
        var next = (await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required;
        Assert.Equal(ClaimOutcome.Claimed, next.Outcome);
    }

    [Fact]
    public async Task A_release_that_would_fail_a_settled_payment_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, claim, holder) = await HeldPayments.CreateAsync(db);
        await db.Client.SetPaymentStatusAsync(
            payment.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, "ch_2", null, holder), ct);

        var released = await db.Client.ReleaseIdempotencyKeyAsync(
            new ReleaseIdempotencyRequest(holder.UserId, holder.Key, payment.Id, holder.Fence, "vendor unavailable"), ct);

        Assert.Equal(DbOutcome.Conflict, released.Outcome);
        Assert.Equal(PaymentStatus.Approved, (await db.Client.GetPaymentAsync(payment.Id, ct)).Required.Status);
        Assert.Equal(ClaimOutcome.InProgress, (await db.Client.ClaimIdempotencyKeyAsync(
            claim with { ResourceId = Guid.NewGuid() }, ct)).Required.Outcome);
    }

    [Fact]
    public async Task The_heartbeat_renews_only_the_current_holders_lease()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, claim, h1) = await HeldPayments.CreateAsync(db);
        Assert.Equal(DbOutcome.Ok, (await db.Client.RenewIdempotencyKeyAsync(
            new RenewIdempotencyRequest(h1.UserId, h1.Key, h1.Fence, 30), ct)).Outcome);

        await db.ExpireLeaseAsync(claim.UserId!.Value, claim.Key);
        var h2 = (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required;

        Assert.Equal(DbOutcome.Conflict, (await db.Client.RenewIdempotencyKeyAsync(
            new RenewIdempotencyRequest(h1.UserId, h1.Key, h1.Fence, 30), ct)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.RenewIdempotencyKeyAsync(
            new RenewIdempotencyRequest(h1.UserId, h1.Key, h2.Fence, 30), ct)).Outcome);
    }

    [Fact]
    public async Task A_renewed_lease_is_not_taken_over()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, claim, holder) = await HeldPayments.CreateAsync(db);
        await db.ExpireLeaseAsync(claim.UserId!.Value, claim.Key);
        // The heartbeat arrives before any takeover: the holder keeps the key.
        Assert.Equal(DbOutcome.Ok, (await db.Client.RenewIdempotencyKeyAsync(
            new RenewIdempotencyRequest(holder.UserId, holder.Key, holder.Fence, 30), ct)).Outcome);

        var duplicate = (await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required;

        Assert.Equal((ClaimOutcome.InProgress, payment.Id), (duplicate.Outcome, duplicate.ResourceId));
    }

    [Fact]
    public async Task The_reconciler_seizes_a_key_only_after_its_lease_and_then_the_old_holder_is_stale()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, claim, holder) = await HeldPayments.CreateAsync(db);
        var seize = new SeizeIdempotencyRequest(holder.UserId, holder.Key, payment.Id, 30);
        Assert.Equal(DbOutcome.Conflict, (await db.Client.SeizeIdempotencyKeyAsync(seize, ct)).Outcome);
        Assert.Equal(DbOutcome.Conflict, (await db.Client.SeizeIdempotencyKeyAsync(seize with { ResourceId = Guid.NewGuid() }, ct)).Outcome);

        await db.ExpireLeaseAsync(claim.UserId!.Value, claim.Key);
        var seized = (await db.Client.SeizeIdempotencyKeyAsync(seize, ct)).Required;

        Assert.True(seized.Fence > holder.Fence!.Value);
        var stale = await db.Client.SetPaymentStatusAsync(
            payment.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, "ch_3", null, holder), ct);
        Assert.Equal("stale-holder", stale.ProblemExtension("refusal"));
        var settled = await db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, "ch_3", null, holder with { Fence = seized.Fence }), ct);
        Assert.Equal(PaymentStatus.Approved, settled.Required.Status);
    }

    [Fact]
    public async Task The_status_machine_refuses_failed_to_approved_and_unheld_settling()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, _, holder) = await HeldPayments.CreateAsync(db);
        var unheld = await db.Client.SetPaymentStatusAsync(
            payment.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, "ch_4", null), ct);
        Assert.Equal("stale-holder", unheld.ProblemExtension("refusal"));

        await db.Client.SetPaymentStatusAsync(
            payment.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Failed, null, "not processed", holder), ct);
        var revived = await db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Failed], PaymentStatus.Approved, "ch_4", null, holder), ct);
        Assert.Equal((DbOutcome.Conflict, "transition", "failed"), (revived.Outcome, revived.ProblemExtension("refusal"), revived.ProblemExtension("currentStatus")));

        // A late approval of the failed payment is recorded as voided (no holder needed: it reports a vendor fact).
        var voided = await db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Failed], PaymentStatus.Voided, "ch_4", "late vendor approval voided"), ct);
        Assert.Equal(PaymentStatus.Voided, voided.Required.Status);
        Assert.Equal("transition", (await db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Voided], PaymentStatus.Approved, null, null), ct)).ProblemExtension("refusal"));
    }

    [Fact]
    public async Task Fences_only_grow_per_key_across_claims_takeovers_and_releases()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, claim, holder) = await HeldPayments.CreateAsync(db);
        var fences = new List<long> { holder.Fence!.Value };
        await db.ExpireLeaseAsync(claim.UserId!.Value, claim.Key);
        fences.Add((await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required.Fence);
        await db.Client.ReleaseIdempotencyKeyAsync(new ReleaseIdempotencyRequest(claim.UserId, claim.Key, payment.Id, fences[^1]), ct);
        fences.Add((await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required.Fence);

        Assert.Equal(fences.Order(), fences);
        Assert.Equal(fences.Count, fences.Distinct().Count());
    }
}
