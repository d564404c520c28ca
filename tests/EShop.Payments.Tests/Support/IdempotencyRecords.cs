using Npgsql;
using Xunit;

namespace EShop.Payments.Tests.Support;

/// <summary>Direct reads of db-service's idempotency records, to stage interleavings.</summary>
public static class IdempotencyRecords
{
    /// <summary>The resource id (payment id) a key is claimed for, waiting until the claim exists.</summary>
    public static async Task<Guid> WaitForClaimAsync(PaymentsEnvironment env, Guid userId, string key)
    {
        await using var db = await env.Sql.OpenConnectionAsync(TestContext.Current.CancellationToken);
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
}
