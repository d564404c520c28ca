using System.Data;
using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;
using NpgsqlTypes;

namespace EShop.DbService.Stores;

/// <summary>Idempotency keys per user, fenced. A claim is decided in one transaction: INSERT .. ON CONFLICT DO NOTHING
/// creates the record, otherwise the existing row is locked (FOR UPDATE) and judged, so concurrent claims of one
/// key see exactly one "claimed". Every claim and takeover draws a new fence from one sequence; renew, complete and
/// release change the record only for the current fence, so a holder whose lease was taken over changes nothing.</summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>Records are kept at least 24 h; they expire after 48 h and are purged.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    public async Task<ClaimIdempotencyResult> ClaimAsync(ClaimKey claim, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await ClaimAsync(connection, claim, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>The claim inside the caller's transaction: a claimed or taken-over record stays locked until it ends.</summary>
    internal static async Task<ClaimIdempotencyResult> ClaimAsync(NpgsqlConnection connection, ClaimKey claim, CancellationToken ct) =>
        await InsertNewAsync(connection, claim, ct) ?? await JudgeExistingAsync(connection, claim, ct);

    /// <summary>Stores the answer of a record the caller's transaction holds locked (its holder checked).</summary>
    internal static async Task StoreAnswerAsync(NpgsqlConnection connection, Guid userId, string key, Answer answer, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE idempotency_records SET response_status = @status, response_body = @body, completed_at = now()
            WHERE user_id = @user AND key = @key
            """, connection).With("user", userId).With("key", key).With("status", answer.Status).WithJson("body", answer.Body);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes a record the caller's transaction holds locked (its holder checked): the next request claims afresh.</summary>
    internal static async Task DeleteAsync(NpgsqlConnection connection, Guid userId, string key, CancellationToken ct)
    {
        await using var delete = new NpgsqlCommand("DELETE FROM idempotency_records WHERE user_id = @user AND key = @key", connection)
            .With("user", userId).With("key", key);
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Stores the answer, once, for the current fence only.</summary>
    public async Task<FencedOutcome> CompleteAsync(CompleteKey complete, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH {Found}, changed AS (
                UPDATE idempotency_records
                SET response_status = @status, response_body = @body, completed_at = now()
                WHERE {CurrentHolder}
                RETURNING 1
            )
            {Judged}
            """);
        WithHolder(command, complete.Holder).With("status", complete.ResponseStatus).WithJson("body", complete.ResponseBody);
        return await JudgeAsync(command, ct);
    }

    /// <summary>The heartbeat: extends the lease of the current fence's holder.</summary>
    public async Task<FencedOutcome> RenewAsync(RenewKey renew, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH {Found}, changed AS (
                UPDATE idempotency_records SET lease_expires_at = now() + make_interval(secs => @lease)
                WHERE {CurrentHolder}
                RETURNING 1
            )
            {Judged}
            """);
        WithHolder(command, renew.Holder).With("lease", (double)renew.LeaseSeconds);
        return await JudgeAsync(command, ct);
    }

    /// <summary>Ends an in-progress claim so that the next request with the key claims afresh, only for the current fence
    /// and resource id; with a fail reason the pending payment is marked failed in the same transaction (or nothing happens).</summary>
    public async Task<FencedOutcome> ReleaseAsync(ReleaseKey release, CancellationToken ct)
    {
        var holder = release.Holder;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await LockAsync(connection, holder.UserId, holder.Key, ct) is not { } record) return FencedOutcome.NotFound;
        if (record.Completed || record.ResourceId != release.ResourceId || record.Fence != holder.Fence) return FencedOutcome.Refused;
        if (release.FailPaymentReason is { } reason && !await PaymentStore.FailPendingAsync(connection, release.ResourceId, reason, ct))
            return FencedOutcome.Refused;

        await DeleteAsync(connection, holder.UserId, holder.Key, ct);
        await transaction.CommitAsync(ct);
        return FencedOutcome.Done;
    }

    /// <summary>The reconciler's takeover: a new fence for an in-progress key of <c>ResourceId</c> whose lease has ended.</summary>
    public async Task<(FencedOutcome Outcome, long Fence)> SeizeAsync(SeizeKey seize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await LockAsync(connection, seize.UserId, seize.Key, ct) is not { } record) return (FencedOutcome.NotFound, 0);
        if (record.Completed || record.LeaseValid || record.ResourceId != seize.ResourceId) return (FencedOutcome.Refused, 0);
        var fence = await TakeOverAsync(connection, seize.UserId, seize.Key, seize.LeaseSeconds, ct);
        await transaction.CommitAsync(ct);
        return (FencedOutcome.Done, fence);
    }

    /// <summary>The record a fenced change is judged against, locked for the rest of the caller's transaction.</summary>
    internal sealed record LockedRecord(Guid ResourceId, long Fence, bool Completed, bool LeaseValid);

    internal static async Task<LockedRecord?> LockAsync(NpgsqlConnection connection, Guid userId, string key, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand("""
            SELECT resource_id, fence, completed_at IS NOT NULL AS completed, lease_expires_at > now() AS lease_valid
            FROM idempotency_records WHERE user_id = @user AND key = @key AND expires_at > now()
            FOR UPDATE
            """, connection).With("user", userId).With("key", key);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new LockedRecord(reader.GetGuid("resource_id"), reader.GetInt64("fence"), reader.GetBoolean("completed"), reader.GetBoolean("lease_valid"))
            : null;
    }

    // The fenced one-statement changes: "found" (same snapshot) tells a refused change (409) from an absent record (404).
    private const string Found = "found AS (SELECT 1 FROM idempotency_records WHERE user_id = @user AND key = @key AND expires_at > now())";
    private const string CurrentHolder = "user_id = @user AND key = @key AND fence = @fence AND completed_at IS NULL AND expires_at > now()";
    private const string Judged = "SELECT EXISTS (SELECT 1 FROM changed) AS changed, EXISTS (SELECT 1 FROM found) AS found";

    private static async Task<FencedOutcome> JudgeAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetBoolean("changed") ? FencedOutcome.Done
            : reader.GetBoolean("found") ? FencedOutcome.Refused
            : FencedOutcome.NotFound;
    }

    private static NpgsqlCommand WithHolder(NpgsqlCommand command, Holder holder) =>
        command.With("user", holder.UserId).With("key", holder.Key).With("fence", holder.Fence);

    internal static JsonElement ParseJson(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static async Task<ClaimIdempotencyResult?> InsertNewAsync(NpgsqlConnection connection, ClaimKey claim, CancellationToken ct)
    {
        // A record past its retention counts as absent: the DO UPDATE branch replaces it, a live one is left alone.
        await using var command = new NpgsqlCommand("""
            INSERT INTO idempotency_records AS r (user_id, key, request_hash, resource_id, lease_expires_at, expires_at)
            VALUES (@user, @key, @hash, @resource, now() + make_interval(secs => @lease), now() + make_interval(secs => @retention))
            ON CONFLICT (user_id, key) DO UPDATE
                SET request_hash = excluded.request_hash, resource_id = excluded.resource_id,
                    lease_expires_at = excluded.lease_expires_at, expires_at = excluded.expires_at, fence = nextval('idempotency_fence_seq'),
                    response_status = NULL, response_body = NULL, completed_at = NULL, created_at = now()
                WHERE r.expires_at <= now()
            RETURNING resource_id, fence
            """, connection)
            .With("user", claim.UserId).With("key", claim.Key).With("hash", claim.RequestHash)
            .With("resource", claim.ResourceId).With("lease", (double)claim.LeaseSeconds)
            .With("retention", Retention.TotalSeconds);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ClaimIdempotencyResult(ClaimOutcome.Claimed, reader.GetGuid("resource_id"), null, null, reader.GetInt64("fence"))
            : null;
    }

    private static async Task<ClaimIdempotencyResult> JudgeExistingAsync(NpgsqlConnection connection, ClaimKey claim, CancellationToken ct)
    {
        Guid resourceId;
        string storedHash;
        bool completed, leaseValid;
        int? status;
        string? body;
        await using (var select = new NpgsqlCommand("""
            SELECT resource_id, request_hash, completed_at IS NOT NULL AS completed, lease_expires_at > now() AS lease_valid,
                   response_status, response_body::text AS response_body
            FROM idempotency_records WHERE user_id = @user AND key = @key
            FOR UPDATE
            """, connection).With("user", claim.UserId).With("key", claim.Key))
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            // The conflicting row exists and was not expired: ON CONFLICT waited for its writer, and the purge
            // only deletes expired rows, so it is still there.
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("idempotency record vanished during the claim");
            resourceId = reader.GetGuid("resource_id");
            storedHash = reader.GetString("request_hash");
            completed = reader.GetBoolean("completed");
            leaseValid = reader.GetBoolean("lease_valid");
            status = reader.GetNullable<int>("response_status");
            body = reader.GetNullableString("response_body");
        }

        if (storedHash != claim.RequestHash) return new(ClaimOutcome.Mismatch, resourceId, null, null);
        if (completed) return new(ClaimOutcome.Completed, resourceId, status, body is null ? null : ParseJson(body));
        if (leaseValid) return new(ClaimOutcome.InProgress, resourceId, null, null);

        var fence = await TakeOverAsync(connection, claim.UserId, claim.Key, claim.LeaseSeconds, ct);
        return new(ClaimOutcome.Claimed, resourceId, null, null, fence);
    }

    private static async Task<long> TakeOverAsync(NpgsqlConnection connection, Guid userId, string key, int leaseSeconds, CancellationToken ct)
    {
        await using var takeOver = new NpgsqlCommand("""
            UPDATE idempotency_records SET lease_expires_at = now() + make_interval(secs => @lease), fence = nextval('idempotency_fence_seq')
            WHERE user_id = @user AND key = @key
            RETURNING fence
            """, connection).With("user", userId).With("key", key).With("lease", (double)leaseSeconds);
        return (long)(await takeOver.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>The answer to a fenced change: done, refused (stale fence, completed, another resource; nothing changed), or no record.</summary>
public enum FencedOutcome
{
    Done,
    Refused,
    NotFound,
}
