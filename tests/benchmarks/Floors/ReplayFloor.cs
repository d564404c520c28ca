using Npgsql;

namespace EShop.Benchmarks.Floors;

/// <summary>The replay floor: one indexed read of a completed idempotency record (its primary key), the read a replay
/// is answered from, directly on PostgreSQL on <c>--threads</c> concurrent workers.</summary>
public static class ReplayFloor
{
    public static async Task<FloorResult> RunAsync(FloorOptions options)
    {
        await using var data = NpgsqlDataSource.Create(options.Text("connection"));
        var key = options.Text("key");
        await using var owner = data.CreateCommand("SELECT user_id FROM sessions WHERE token_hash = @hash");
        owner.Parameters.AddWithValue("hash", options.Text("token-hash"));
        var userId = (Guid)(await owner.ExecuteScalarAsync())!;
        return await FloorResult.MeasureAsync(options.Workers, options.Duration, async _ =>
        {
            await using var command = data.CreateCommand("""
                SELECT resource_id, request_hash, completed_at IS NOT NULL, response_status, response_body::text
                FROM idempotency_records WHERE user_id = @user AND key = @key
                """);
            command.Parameters.AddWithValue("user", userId);
            command.Parameters.AddWithValue("key", key);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException($"no idempotency record with key {key}");
        });
    }
}
