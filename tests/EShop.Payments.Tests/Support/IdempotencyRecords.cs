using Npgsql;

namespace EShop.Payments.Tests.Support;

/// <summary>Direct reads and nudges of db-service's idempotency records, to stage interleavings (a lease that ends now).</summary>
public static class IdempotencyRecords
{
    /// <summary>The resource id (payment id) a key is claimed for, waiting until the claim exists.</summary>
    public static async Task<Guid> WaitForClaimAsync(PaymentsEnvironment env, Guid userId, string key)
    {
        await using var db = await env.OpenDatabaseAsync();
        for (var tries = 0; tries < 200; tries++)
        {
            await using var query = new NpgsqlCommand("""
                SELECT r.resource_id FROM idempotency_records r JOIN payments p ON p.id = r.resource_id
                WHERE r.user_id = @user AND r.key = @key
                """, db);
            query.Parameters.AddWithValue("user", userId);
            query.Parameters.AddWithValue("key", key);
            if (await query.ExecuteScalarAsync() is Guid id) return id;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no claimed payment for key {key}");
    }

    public static async Task ExpireLeaseAsync(PaymentsEnvironment env, Guid userId, string key)
    {
        await using var db = await env.OpenDatabaseAsync();
        await using var expire = new NpgsqlCommand(
            "UPDATE idempotency_records SET lease_expires_at = now() - interval '1 second' WHERE user_id = @user AND key = @key", db);
        expire.Parameters.AddWithValue("user", userId);
        expire.Parameters.AddWithValue("key", key);
        if (await expire.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException($"no record for key {key}");
    }
}
