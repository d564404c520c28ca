using EShop.DbService.Contracts;
using EShop.DbService.Maintenance;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>What db-service keeps for payment-service's abuse limits and reconciler: shared counters, per-account
/// activity, pending payments, the reconciler's lock, and the purge of unsuccessful payments.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class PaymentGuardApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_shared_counter_allows_its_limit_then_names_the_wait()
    {
        var hit = new RateLimitHit($"test:{Guid.NewGuid()}", 60, 3);
        var decisions = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => db.Client.HitRateLimitAsync(hit)));

        Assert.Equal(3, decisions.Count(d => d.Required.Allowed));
        Assert.Equal([1, 2, 3, 4, 5], decisions.Select(d => d.Required.Hits).Order());
        Assert.All(decisions.Where(d => !d.Required.Allowed), d => Assert.InRange(d.Required.RetryAfterSeconds, 1, 60));
    }

    [Fact]
    public async Task Begin_counts_an_accounts_declines_and_distinct_cards_in_the_last_hour()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        foreach (var card in new[] { 'a', 'b', 'a' })
        {
            var key = Payers.NewKey();
            var begun = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key, fingerprint: new string(card, 64)), ct)).Required;
            Assert.True((await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun, PaymentStatus.Declined), ct)).IsSuccess);
        }
        var limits = Payers.Unlimited with { DeclinesPerHour = 3, CardsPerHour = 2 };

        async Task<BeginPaymentResult> BeginAsync(PayLimitSettings settings, char card) =>
            (await db.PaymentService().BeginPaymentAsync(payer.Begin(Payers.NewKey(), limits: settings, fingerprint: new string(card, 64)))).Required;

        Assert.Equal("declines", (await BeginAsync(limits, 'b')).LimitedBy);
        limits = limits with { DeclinesPerHour = 4 };
        // Two distinct cards so far: a third is one too many, a known one is fine.
        Assert.Equal("cards", (await BeginAsync(limits, 'c')).LimitedBy);
        Assert.Equal(BeginOutcome.New, (await BeginAsync(limits, 'b')).Outcome);
        Assert.Equal(BeginOutcome.New, (await BeginAsync(limits with { CardsPerHour = 3 }, 'c')).Outcome);
        await using var aged = db.Sql.CreateCommand("UPDATE payments SET created_at = now() - interval '61 minutes' WHERE user_id = $1");
        aged.Parameters.AddWithValue(payer.UserId);
        await aged.ExecuteNonQueryAsync(ct);
        Assert.Equal(BeginOutcome.New, (await BeginAsync(limits with { DeclinesPerHour = 1, CardsPerHour = 1 }, 'd')).Outcome);
    }

    [Fact]
    public async Task Pending_payments_are_listed_once_old_enough_and_their_holders_lease_has_ended()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, claim, _) = await HeldPayments.CreateAsync(db);
        await using (var age = db.Sql.CreateCommand("UPDATE payments SET created_at = now() - interval '10 minutes' WHERE id = $1"))
        {
            age.Parameters.AddWithValue(payment.Id);
            await age.ExecuteNonQueryAsync(ct);
        }

        Assert.DoesNotContain((await db.Client.ListPendingPaymentsAsync(300, 500, ct)).Required, p => p.Id == payment.Id);
        await db.ExpireLeaseAsync(claim.UserId!.Value, claim.Key);
        var old = (await db.Client.ListPendingPaymentsAsync(300, 500, ct)).Required;
        var older = (await db.Client.ListPendingPaymentsAsync(3600, 500, ct)).Required;

        var listed = Assert.Single(old, p => p.Id == payment.Id);
        Assert.Equal(payment.IdempotencyKey, listed.IdempotencyKey);
        Assert.DoesNotContain(older, p => p.Id == payment.Id);
    }

    [Fact]
    public async Task One_reconciler_holds_the_lock_until_it_releases_or_stops_renewing()
    {
        var ct = TestContext.Current.CancellationToken;
        Guid first = Guid.NewGuid(), second = Guid.NewGuid();
        Assert.Equal(DbOutcome.Ok, (await db.Client.AcquireReconcilerLockAsync(new ReconcilerLockRequest(first, 60), ct)).Outcome);
        Assert.Equal(DbOutcome.Conflict, (await db.Client.AcquireReconcilerLockAsync(new ReconcilerLockRequest(second, 60), ct)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.AcquireReconcilerLockAsync(new ReconcilerLockRequest(first, 1), ct)).Outcome);

        // The first stops renewing: after its TTL the lock is free for the second.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        DbResult taken;
        do
        {
            await Task.Delay(250, ct);
            taken = await db.Client.AcquireReconcilerLockAsync(new ReconcilerLockRequest(second, 60), ct);
        } while (!taken.IsSuccess && DateTime.UtcNow < deadline);
        Assert.Equal(DbOutcome.Ok, taken.Outcome);

        // The lock is PostgreSQL's: another session cannot take it either.
        await using (var other = db.Sql.CreateCommand("SELECT pg_try_advisory_lock(7310301447989650787)"))
            Assert.False((bool)(await other.ExecuteScalarAsync(ct))!);

        await db.Client.ReleaseReconcilerLockAsync(new ReconcilerLockRelease(second), ct);
        Assert.Equal(DbOutcome.Ok, (await db.Client.AcquireReconcilerLockAsync(new ReconcilerLockRequest(first, 60), ct)).Outcome);
        await db.Client.ReleaseReconcilerLockAsync(new ReconcilerLockRelease(first), ct);
    }

    [Fact]
    public async Task The_purge_deletes_declined_and_failed_payments_past_their_retention_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var ids = new Dictionary<string, Guid>();
        foreach (var status in new[] { "declined", "failed", "approved", "pending" })
        {
            var payment = (await db.Client.CreatePaymentAsync(TestData.Payment(user.Id), ct)).Required;
            ids[status] = payment.Id;
            await using var age = db.Sql.CreateCommand("UPDATE payments SET status = $2, updated_at = now() - interval '91 days' WHERE id = $1");
            age.Parameters.AddWithValue(payment.Id);
            age.Parameters.AddWithValue(status);
            await age.ExecuteNonQueryAsync(ct);
        }
        var recent = (await db.Client.CreatePaymentAsync(TestData.Payment(user.Id), ct)).Required;
        await using (var fail = db.Sql.CreateCommand("UPDATE payments SET status = 'failed' WHERE id = $1"))
        {
            fail.Parameters.AddWithValue(recent.Id);
            await fail.ExecuteNonQueryAsync(ct);
        }

        await db.DbService.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ExpiredRecordsPurge>().Single().PurgeOnceAsync(ct);

        Assert.Equal(DbOutcome.NotFound, (await db.Client.GetPaymentAsync(ids["declined"], ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.GetPaymentAsync(ids["failed"], ct)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.GetPaymentAsync(ids["approved"], ct)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.GetPaymentAsync(ids["pending"], ct)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.GetPaymentAsync(recent.Id, ct)).Outcome);
    }
}
