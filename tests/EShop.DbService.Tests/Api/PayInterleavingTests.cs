using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using Npgsql;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>begin and finish racing each other, made to overlap for certain: a test transaction holds the row both
/// contenders need, the test waits until PostgreSQL shows both waiting on it, then lets go.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class PayInterleavingTests(DbServiceFixture db)
{
    [Fact]
    public async Task Two_begins_of_one_key_that_meet_at_the_claim_give_exactly_one_new_payment()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        await using var gate = await db.Sql.OpenConnectionAsync(ct);
        await using var holding = await gate.BeginTransactionAsync(ct);
        // An uncommitted record of the key: both claims' inserts wait for this transaction.
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO idempotency_records (user_id, key, request_hash, resource_id, lease_expires_at, expires_at)
            VALUES ($1, $2, 'gate', gen_random_uuid(), now(), now() + interval '1 hour')
            """, gate, holding))
        {
            insert.Parameters.AddWithValue(payer.UserId);
            insert.Parameters.AddWithValue(key);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var first = db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct);
        var second = db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct);
        await WaitForLockWaitersAsync(2);
        await holding.RollbackAsync(ct);
        var results = (await Task.WhenAll(first, second)).Select(r => r.Required).ToArray();

        var winner = Assert.Single(results, r => r.Outcome == BeginOutcome.New);
        var loser = Assert.Single(results, r => r != winner);
        Assert.Equal((BeginOutcome.Busy, winner.PaymentId), (loser.Outcome, loser.PaymentId));
        Assert.Equal(1L, await PaymentsOfAsync(payer));
    }

    [Fact]
    public async Task Twenty_concurrent_begins_of_one_key_record_one_payment()
    {
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();

        var results = (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => db.PaymentService().BeginPaymentAsync(payer.Begin(key))))).Select(r => r.Required).ToArray();

        var winner = Assert.Single(results, r => r.Outcome == BeginOutcome.New);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal((BeginOutcome.Busy, winner.PaymentId), (r.Outcome, r.PaymentId)));
        Assert.Equal(1L, await PaymentsOfAsync(payer));
    }

    [Fact]
    public async Task A_holders_finish_racing_the_reconcilers_settle_after_a_seize_loses_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var holder = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        await db.ExpireLeaseAsync(payer.UserId, key);
        var seized = (await db.PaymentService().SeizeIdempotencyKeyAsync(
            new SeizeIdempotencyRequest(payer.UserId, key, holder.PaymentId, 30), ct)).Required;
        var holdersAnswer = JsonDocument.Parse("""{"by":"holder"}""").RootElement;
        var reconcilersAnswer = JsonDocument.Parse("""{"by":"reconciler"}""").RootElement;

        DbResult<FinishedPayment> byHolder, byReconciler;
        await using (var gate = await LockRecordAsync(payer, key))
        {
            var holderFinish = db.PaymentService().FinishPaymentAsync(
                payer.Finish(key, holder, body: holdersAnswer, vendorReference: "ch_holder"), ct);
            var reconcilerFinish = db.PaymentService().FinishPaymentAsync(
                payer.Finish(key, holder with { Fence = seized.Fence }, body: reconcilersAnswer, vendorReference: "ch_reconciler"), ct);
            await WaitForLockWaitersAsync(2);
            await gate.DisposeAsync();
            (byHolder, byReconciler) = (await holderFinish, await reconcilerFinish);
        }

        Assert.True(byReconciler.IsSuccess);
        Assert.Equal((DbOutcome.Conflict, "stale-holder"), (byHolder.Outcome, byHolder.ProblemExtension("refusal")));
        var payment = (await db.Client.GetPaymentAsync(holder.PaymentId!.Value, ct)).Required;
        Assert.Equal((PaymentStatus.Approved, "ch_reconciler"), (payment.Status, payment.VendorReference));
        var replay = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        Assert.Equal(reconcilersAnswer.GetRawText(), replay.Response!.Body!.Value.GetRawText());
    }

    [Fact]
    public async Task A_holder_that_finishes_before_the_reconcilers_seize_keeps_its_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var holder = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        await db.ExpireLeaseAsync(payer.UserId, key);

        DbResult<FinishedPayment> finished;
        DbResult<SeizedKey> seize;
        await using (var gate = await LockRecordAsync(payer, key))
        {
            var finish = db.PaymentService().FinishPaymentAsync(payer.Finish(key, holder), ct);
            await WaitForLockWaitersAsync(1);
            var seizing = db.PaymentService().SeizeIdempotencyKeyAsync(new SeizeIdempotencyRequest(payer.UserId, key, holder.PaymentId, 30), ct);
            await WaitForLockWaitersAsync(2);
            await gate.DisposeAsync();
            (finished, seize) = (await finish, await seizing);
        }

        Assert.True(finished.IsSuccess);
        Assert.Equal(DbOutcome.Conflict, seize.Outcome);
        var replay = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        Assert.Equal(Payers.ApprovedBody.GetRawText(), replay.Response!.Body!.Value.GetRawText());
    }

    [Fact]
    public async Task A_takeover_begin_racing_the_holders_finish_either_waits_for_its_answer_or_refuses_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var holder = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        await db.ExpireLeaseAsync(payer.UserId, key);

        DbResult<FinishedPayment> finished;
        BeginPaymentResult retry;
        await using (var gate = await LockRecordAsync(payer, key))
        {
            var finish = db.PaymentService().FinishPaymentAsync(payer.Finish(key, holder), ct);
            var begin = db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct);
            await WaitForLockWaitersAsync(2);
            await gate.DisposeAsync();
            (finished, retry) = (await finish, (await begin).Required);
        }

        // Whichever went first, one holder's word stands: the finish won and the retry replays it, or the retry took over and
        // the stale finish changed nothing.
        if (finished.IsSuccess) Assert.Equal(BeginOutcome.Replay, retry.Outcome);
        else
        {
            Assert.Equal((BeginOutcome.Takeover, holder.PaymentId), (retry.Outcome, retry.PaymentId));
            Assert.Equal(PaymentStatus.Pending, (await db.Client.GetPaymentAsync(holder.PaymentId!.Value, ct)).Required.Status);
        }
    }

    /// <summary>A transaction holding the key's record locked until disposed (rolled back).</summary>
    private async Task<Gate> LockRecordAsync(Payer payer, string key)
    {
        var connection = await db.Sql.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var select = new NpgsqlCommand("SELECT 1 FROM idempotency_records WHERE user_id = $1 AND key = $2 FOR UPDATE", connection, transaction);
        select.Parameters.AddWithValue(payer.UserId);
        select.Parameters.AddWithValue(key);
        Assert.Equal(1, await select.ExecuteScalarAsync());
        return new Gate(connection, transaction);
    }

    private sealed class Gate(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Until <paramref name="count"/> sessions wait on a lock in a statement on the idempotency records (the claim's
    /// insert, a fenced change's locking read), not merely on a session's or a counter's row for a moment.</summary>
    private async Task WaitForLockWaitersAsync(int count)
    {
        for (var tries = 0; tries < 400; tries++)
        {
            await using var query = db.Sql.CreateCommand("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%idempotency_records%'
                """);
            if ((long)(await query.ExecuteScalarAsync())! >= count) return;
            await Task.Delay(25);
        }
        throw new TimeoutException($"fewer than {count} sessions ever waited on the key's record");
    }

    private async Task<long> PaymentsOfAsync(Payer payer)
    {
        await using var query = db.Sql.CreateCommand("SELECT count(*) FROM payments WHERE user_id = $1");
        query.Parameters.AddWithValue(payer.UserId);
        return (long)(await query.ExecuteScalarAsync())!;
    }
}
