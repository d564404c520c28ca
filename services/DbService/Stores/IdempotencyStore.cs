using System.Text.Json;
using EShop.DbService.Database;
using EShop.DbServiceClient.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace EShop.DbService.Stores;

/// <summary>Idempotency keys per user. A claim is decided in one transaction: INSERT .. ON CONFLICT DO NOTHING
/// creates the record, otherwise the existing row is locked (FOR UPDATE) and judged, so concurrent claims of one
/// key see exactly one "claimed".</summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    /// <summary>Records are kept at least 24 h; they expire after 48 h and are purged.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    public async Task<ClaimIdempotencyResult> ClaimAsync(ClaimIdempotencyRequest request, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await InsertNewAsync(connection, request, ct) ?? await JudgeExistingAsync(connection, request, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>False when the key was never claimed.</summary>
    public async Task<bool> CompleteAsync(CompleteIdempotencyRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE idempotency_records
            SET response_status = @status, response_body = @body, completed_at = now()
            WHERE user_id = @user AND key = @key
            """)
            .With("user", request.UserId!.Value).With("key", request.Key).With("status", request.ResponseStatus!.Value);
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Json) { Value = request.ResponseBody!.Value.GetRawText() });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Ends an in-progress claim so that the next request with the key claims afresh: deleted in one
    /// statement only while it is still in progress (not completed) and still holds <c>resourceId</c>.</summary>
    public async Task<ReleaseOutcome> ReleaseAsync(ReleaseIdempotencyRequest request, CancellationToken ct)
    {
        // Both CTEs read the same snapshot: "found" tells a refused release (409) from an absent record (404).
        await using var command = dataSource.CreateCommand("""
            WITH found AS (
                SELECT 1 FROM idempotency_records WHERE user_id = @user AND key = @key AND expires_at > now()
            ), released AS (
                DELETE FROM idempotency_records
                WHERE user_id = @user AND key = @key AND resource_id = @resource AND completed_at IS NULL AND expires_at > now()
                RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM released), EXISTS (SELECT 1 FROM found)
            """)
            .With("user", request.UserId!.Value).With("key", request.Key).With("resource", request.ResourceId!.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetBoolean(0) ? ReleaseOutcome.Released
            : reader.GetBoolean(1) ? ReleaseOutcome.Refused
            : ReleaseOutcome.NotFound;
    }

    private static async Task<ClaimIdempotencyResult?> InsertNewAsync(NpgsqlConnection connection, ClaimIdempotencyRequest request, CancellationToken ct)
    {
        // A record past its retention counts as absent: the DO UPDATE branch replaces it, a live one is left alone.
        await using var command = new NpgsqlCommand("""
            INSERT INTO idempotency_records AS r (user_id, key, request_hash, resource_id, lease_expires_at, expires_at)
            VALUES (@user, @key, @hash, @resource, now() + make_interval(secs => @lease), now() + make_interval(secs => @retention))
            ON CONFLICT (user_id, key) DO UPDATE
                SET request_hash = excluded.request_hash, resource_id = excluded.resource_id,
                    lease_expires_at = excluded.lease_expires_at, expires_at = excluded.expires_at,
                    response_status = NULL, response_body = NULL, completed_at = NULL, created_at = now()
                WHERE r.expires_at <= now()
            RETURNING resource_id
            """, connection)
            .With("user", request.UserId!.Value).With("key", request.Key).With("hash", request.RequestHash)
            .With("resource", request.ResourceId!.Value).With("lease", (double)request.LeaseSeconds!.Value)
            .With("retention", Retention.TotalSeconds);
        return await command.ExecuteScalarAsync(ct) is Guid resourceId
            ? new ClaimIdempotencyResult(ClaimOutcome.Claimed, resourceId, null, null)
            : null;
    }

    private static async Task<ClaimIdempotencyResult> JudgeExistingAsync(NpgsqlConnection connection, ClaimIdempotencyRequest request, CancellationToken ct)
    {
        Guid resourceId;
        string storedHash;
        bool completed, leaseValid;
        int? status;
        string? body;
        await using (var select = new NpgsqlCommand("""
            SELECT resource_id, request_hash, completed_at IS NOT NULL, lease_expires_at > now(), response_status, response_body::text
            FROM idempotency_records WHERE user_id = @user AND key = @key
            FOR UPDATE
            """, connection).With("user", request.UserId!.Value).With("key", request.Key))
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            // The conflicting row exists and was not expired: ON CONFLICT waited for its writer, and the purge
            // only deletes expired rows, so it is still there.
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("idempotency record vanished during the claim");
            resourceId = reader.GetGuid(0);
            storedHash = reader.GetString(1);
            completed = reader.GetBoolean(2);
            leaseValid = reader.GetBoolean(3);
            status = reader.GetNullable<int>(4);
            body = reader.GetNullableString(5);
        }

        if (storedHash != request.RequestHash) return new(ClaimOutcome.Mismatch, resourceId, null, null);
        if (completed) return new(ClaimOutcome.Completed, resourceId, status, body is null ? null : JsonDocument.Parse(body).RootElement.Clone());
        if (leaseValid) return new(ClaimOutcome.InProgress, resourceId, null, null);

        await using var takeOver = new NpgsqlCommand(
            "UPDATE idempotency_records SET lease_expires_at = now() + make_interval(secs => @lease) WHERE user_id = @user AND key = @key",
            connection).With("user", request.UserId.Value).With("key", request.Key).With("lease", (double)request.LeaseSeconds!.Value);
        await takeOver.ExecuteNonQueryAsync(ct);
        return new(ClaimOutcome.Claimed, resourceId, null, null);
    }
}

public enum ReleaseOutcome
{
    Released,
    /// <summary>The record is completed or holds another resource id.</summary>
    Refused,
    NotFound,
}
