using System.Data;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

/// <summary>Fixed-window counters in PostgreSQL, so every replica of a caller shares one limit. One upsert per hit:
/// concurrent hits of a bucket serialise on its row and each sees its own count.</summary>
public sealed class RateLimitStore(NpgsqlDataSource dataSource)
{
    public async Task<RateLimitDecision> HitAsync(CountHit hit, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / @window) * @window) AS start)
            INSERT INTO rate_counters AS c (bucket, window_start, hits, expires_at)
            SELECT @bucket, w.start, 1, w.start + make_interval(secs => @window * 2) FROM w
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = c.hits + 1
            RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => @window) - now())))::integer AS retry_after
            """).With("bucket", hit.Bucket).With("window", (double)hit.WindowSeconds);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var hits = reader.GetInt32("hits");
        return new RateLimitDecision(hits <= hit.Limit, hits, Math.Max(1, reader.GetInt32("retry_after")));
    }
}
