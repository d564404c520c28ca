using System.Net.Http.Json;
using Npgsql;

namespace EShop.Benchmarks.Floors;

/// <summary>The /pay floor: per payment, directly on PostgreSQL (no services), the statements db-service runs for one new
/// payment (services/DbService/Stores), in the same order and transactions, plus the same vendor simulator charge; on
/// <c>--threads</c> concurrent workers (the benchmark's connection count). <c>--fencing off</c> leaves out what fencing adds
/// (the locked reads of the claim and the payment before the outcome, the fence in the completion's predicate), so the
/// two floors side by side show what fencing costs at the database.</summary>
public static class PayFloor
{
    // payment-service keys card fingerprints with HMAC-SHA-256; any 64 hex digits are the same work for PostgreSQL.
    private const string CardFingerprint = "0000000000000000000000000000000000000000000000000000000000000000";

    public static async Task<FloorResult> RunAsync(FloorOptions options)
    {
        await using var data = NpgsqlDataSource.Create(options.Text("connection"));
        using var vendor = new HttpClient { BaseAddress = new Uri(options.Text("simulator")), Timeout = TimeSpan.FromSeconds(10) };
        vendor.DefaultRequestHeaders.Add("X-Api-Key", options.Text("api-key"));
        var tokenHash = options.Text("token-hash");
        var productId = long.Parse(options.Text("product"));
        var run = Guid.NewGuid().ToString("N")[..8];
        // Keys are counted across the warm-up and the measured run: each payment claims a key of its own.
        var fenced = options.Text("fencing", "on") != "off";
        var next = 0;
        return await FloorResult.MeasureAsync(options.Workers, options.Duration,
            _ => PayOnceAsync(data, vendor, tokenHash, productId, $"floor-{run}-{Interlocked.Increment(ref next)}", fenced));
    }

    private static async Task PayOnceAsync(NpgsqlDataSource data, HttpClient vendor, string tokenHash, long productId, string key, bool fenced)
    {
        // The bearer token check.
        var userId = (Guid)(await Scalar(data, """
            UPDATE sessions s SET last_used_at = greatest(s.last_used_at, now()) FROM users u
            WHERE s.token_hash = @hash AND u.id = s.user_id AND s.revoked_at IS NULL AND s.expires_at > now()
              AND s.last_used_at > now() - make_interval(mins => 30)
            RETURNING s.user_id
            """, ("hash", tokenHash)))!;
        // The per-user and per-client request limits.
        foreach (var bucket in new[] { $"pay:user:{userId}", "pay:client:127.0.0.1" })
            await Scalar(data, """
                WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / 60) * 60) AS start)
                INSERT INTO rate_counters AS c (bucket, window_start, hits, expires_at)
                SELECT @bucket, w.start, 1, w.start + make_interval(secs => 120) FROM w
                ON CONFLICT (bucket, window_start) DO UPDATE SET hits = c.hits + 1
                RETURNING hits
                """, ("bucket", bucket));
        // The fenced claim of the key.
        var paymentId = Guid.CreateVersion7();
        var fence = (long)(await Scalar(data, """
            INSERT INTO idempotency_records AS r (user_id, key, request_hash, resource_id, lease_expires_at, expires_at)
            VALUES (@user, @key, 'floor', @resource, now() + interval '10 seconds', now() + interval '48 hours')
            ON CONFLICT (user_id, key) DO NOTHING
            RETURNING fence
            """, ("user", userId), ("key", key), ("resource", paymentId)))!;
        // The abuse limits' activity; the prices.
        await Scalar(data, """
            SELECT count(*) FILTER (WHERE status = 'declined'), count(DISTINCT card_fingerprint), coalesce(bool_or(card_fingerprint = @fingerprint), false)
            FROM payments WHERE user_id = @user AND created_at > now() - make_interval(secs => 3600)
            """, ("user", userId), ("fingerprint", CardFingerprint));
        var price = (long)(await Scalar(data, "SELECT price_minor FROM products WHERE id = ANY(@ids)", ("ids", new[] { productId })))!;

        await using (var connection = await data.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Execute(connection, """
                INSERT INTO payments (id, user_id, amount_minor, currency, vendor, brand, last4, idempotency_key, card_fingerprint)
                VALUES (@id, @user, @amount, 'USD', 'Visa', 'Visa', '4242', @key, @fingerprint) ON CONFLICT (id) DO NOTHING
                """, ("id", paymentId), ("user", userId), ("amount", price), ("key", key), ("fingerprint", CardFingerprint));
            await Execute(connection, "INSERT INTO payment_items (payment_id, line, product_id, quantity, unit_price_minor) VALUES (@id, 1, @product, 1, @price)",
                ("id", paymentId), ("product", productId), ("price", price));
            await Execute(connection, "SELECT * FROM payments p JOIN payment_items i ON i.payment_id = p.id WHERE p.id = @id", ("id", paymentId));
            await transaction.CommitAsync();
        }

        using (var message = new HttpRequestMessage(HttpMethod.Post, "v1/visa/charges")
               {
                   Headers = { { "Idempotency-Key", paymentId.ToString() } },
                   Content = JsonContent.Create(new
                   {
                       amountMinor = price, currency = "USD", tokenize = false,
                       card = new { number = "4242424242424242", expiryMonth = 12, expiryYear = 2035, cvc = "123", holderName = "Bench Mark" },
                   }),
               })
        using (var charge = await vendor.SendAsync(message))
            charge.EnsureSuccessStatusCode();

        await using (var connection = await data.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            if (fenced)
            {
                await Execute(connection, "SELECT resource_id, fence FROM idempotency_records WHERE user_id = @user AND key = @key AND expires_at > now() FOR UPDATE",
                    ("user", userId), ("key", key));
                await Execute(connection, "SELECT status, user_id, idempotency_key FROM payments WHERE id = @id FOR UPDATE", ("id", paymentId));
            }
            await Execute(connection, "UPDATE payments SET status = 'approved', vendor_reference = 'floor', updated_at = now() WHERE id = @id", ("id", paymentId));
            await Execute(connection, "SELECT * FROM payments p JOIN payment_items i ON i.payment_id = p.id WHERE p.id = @id", ("id", paymentId));
            await transaction.CommitAsync();
        }
        var fencePredicate = fenced ? "AND fence = @fence" : "";
        await Scalar(data, $$"""
            UPDATE idempotency_records SET response_status = 201, response_body = '{}'::json, completed_at = now()
            WHERE user_id = @user AND key = @key {{fencePredicate}} AND completed_at IS NULL RETURNING 1
            """, ("user", userId), ("key", key), ("fence", fence));
    }

    private static async Task<object?> Scalar(NpgsqlDataSource data, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = data.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
    }
}
