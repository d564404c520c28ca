using System.Net.Http.Json;
using Npgsql;
using NpgsqlTypes;

namespace EShop.Benchmarks.Floors;

/// <summary>The /pay floor: per payment, directly on PostgreSQL (no services), the statements db-service runs for one new
/// payment by card (services/DbService/Stores/PayBeginStore.cs and PayFinishStore.cs), in the same order and
/// transactions, plus the same vendor simulator charge; on <c>--threads</c> concurrent workers (the benchmark's connection
/// count). <c>--fencing off</c> leaves out what fencing adds (finish's locked reads of the key's record and the payment,
/// which tell the current holder from a stale one), so the two floors side by side show what fencing costs at the
/// database.</summary>
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
        var paymentId = Guid.CreateVersion7();
        var (userId, price, fence) = await BeginAsync(data, tokenHash, productId, key, paymentId);

        using (var message = new HttpRequestMessage(HttpMethod.Post, "v1/visa/charges")
        {
            Headers = { { "Idempotency-Key", paymentId.ToString() } },
            Content = JsonContent.Create(new
            {
                amountMinor = price,
                currency = "USD",
                tokenize = false,
                card = new { number = "4242424242424242", expiryMonth = 12, expiryYear = 2035, cvc = "123", holderName = "Bench Mark" },
            }),
        })
        using (var charge = await vendor.SendAsync(message))
            charge.EnsureSuccessStatusCode();

        await FinishAsync(data, userId, key, paymentId, fence, fenced);
    }

    /// <summary>POST /pay/begin for a new key: the session (sliding its last use, as db-service does once a minute) with the
    /// completed-key read, then the two counters, each by itself; then one transaction with the claim, the abuse limits'
    /// activity, the prices and the payment with its item.</summary>
    private static async Task<(Guid UserId, long Price, long Fence)> BeginAsync(NpgsqlDataSource data, string tokenHash, long productId, string key, Guid paymentId)
    {
        var userId = (Guid)(await Scalar(data, """
            WITH live AS (
                SELECT s.token_hash, s.user_id, u.email, s.expires_at, s.last_used_at
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = @hash AND s.revoked_at IS NULL
                  AND s.expires_at > @now AND s.last_used_at > @now - make_interval(mins => @idle)),
            slid AS (
                UPDATE sessions s SET last_used_at = @now
                FROM live
                WHERE s.token_hash = live.token_hash AND live.last_used_at < @now - make_interval(secs => @step)
                  AND s.revoked_at IS NULL AND s.last_used_at < @now)
            SELECT live.user_id, r.request_hash, r.resource_id, r.response_status, r.response_body::text AS response_body
            FROM live LEFT JOIN idempotency_records r
              ON r.user_id = live.user_id AND r.key = @key AND r.completed_at IS NOT NULL AND r.expires_at > now()
            """, ("hash", tokenHash), ("now", DateTimeOffset.UtcNow), ("idle", 30), ("step", 60), ("key", key)))!;
        foreach (var bucket in new[] { $"pay:user:{userId}", "pay:client:127.0.0.1" })
            await Scalar(data, """
                WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / @window) * @window) AS start)
                INSERT INTO rate_counters AS c (bucket, window_start, hits, expires_at)
                SELECT @bucket, w.start, 1, w.start + make_interval(secs => @window * 2) FROM w
                ON CONFLICT (bucket, window_start) DO UPDATE SET hits = c.hits + 1
                RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => @window) - now())))::integer
                """, ("bucket", bucket), ("window", 60.0));

        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        long fence;
        await using (var claim = Command(connection, """
            INSERT INTO idempotency_records AS r (user_id, key, request_hash, resource_id, lease_expires_at, expires_at)
            VALUES (@user, @key, @hash, @resource, now() + make_interval(secs => @lease), now() + make_interval(secs => @retention))
            ON CONFLICT (user_id, key) DO UPDATE
                SET request_hash = excluded.request_hash, resource_id = excluded.resource_id,
                    lease_expires_at = excluded.lease_expires_at, expires_at = excluded.expires_at, fence = nextval('idempotency_fence_seq'),
                    response_status = NULL, response_body = NULL, completed_at = NULL, created_at = now()
                WHERE r.expires_at <= now()
            RETURNING resource_id, fence
            """, ("user", userId), ("key", key), ("hash", "floor"), ("resource", paymentId), ("lease", 60.0), ("retention", 48 * 3600.0)))
        await using (var reader = await claim.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            fence = reader.GetInt64(1);
        }
        await Execute(connection, """
            SELECT count(*) FILTER (WHERE status = 'declined'), count(DISTINCT card_fingerprint), coalesce(bool_or(card_fingerprint = @fingerprint), false)
            FROM payments WHERE user_id = @user AND created_at > now() - make_interval(secs => @window)
            """, ("user", userId), ("window", 3600.0), ("fingerprint", CardFingerprint));
        long price;
        await using (var prices = Command(connection, "SELECT id, price_minor, currency FROM products WHERE id = ANY(@ids)", ("ids", new[] { productId })))
        await using (var reader = await prices.ExecuteReaderAsync())
            price = await reader.ReadAsync() ? reader.GetInt64(1) : throw new InvalidOperationException($"no product {productId}");

        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(BatchCommand("""
                INSERT INTO payments (id, user_id, amount_minor, currency, vendor, brand, last4, card_id, idempotency_key, card_fingerprint)
                VALUES (@id, @user, @amount, @currency, @vendor, @brand, @last4, @card, @key, @fingerprint)
                RETURNING created_at, updated_at
                """, ("id", paymentId), ("user", userId), ("amount", price), ("currency", "USD"), ("vendor", "Visa"), ("brand", "Visa"),
                ("last4", "4242"), ("card", DBNull.Value), ("key", key), ("fingerprint", CardFingerprint)));
            batch.BatchCommands.Add(BatchCommand("""
                INSERT INTO payment_items (payment_id, line, product_id, quantity, unit_price_minor) VALUES (@payment, @line, @product, @quantity, @price)
                """, ("payment", paymentId), ("line", (short)1), ("product", productId), ("quantity", 1), ("price", price)));
            await using var inserted = await batch.ExecuteReaderAsync();
            while (await inserted.ReadAsync()) { }
        }
        await transaction.CommitAsync();
        return (userId, price, fence);
    }

    /// <summary>POST /pay/finish for an approval: one transaction that locks the key's record and the payment (the holder
    /// check), sets the status and stores the answer.</summary>
    private static async Task FinishAsync(NpgsqlDataSource data, Guid userId, string key, Guid paymentId, long fence, bool fenced)
    {
        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (fenced)
        {
            await using (var record = Command(connection, """
                SELECT resource_id, fence, completed_at IS NOT NULL, lease_expires_at > now()
                FROM idempotency_records WHERE user_id = @user AND key = @key AND expires_at > now()
                FOR UPDATE
                """, ("user", userId), ("key", key)))
            await using (var reader = await record.ExecuteReaderAsync())
                if (!await reader.ReadAsync() || reader.GetInt64(1) != fence) throw new InvalidOperationException($"key {key} is not held with fence {fence}");
            await Execute(connection, "SELECT status, user_id, idempotency_key FROM payments WHERE id = @id FOR UPDATE", ("id", paymentId));
        }
        await Execute(connection, """
            UPDATE payments
            SET status = @status, vendor_reference = coalesce(@reference, vendor_reference), reason = coalesce(@reason, reason), updated_at = now()
            WHERE id = @id
            """, ("id", paymentId), ("status", "approved"), ("reference", "ch_floor"), ("reason", DBNull.Value));
        var completedOnly = fenced ? "" : "AND completed_at IS NULL";
        await using (var complete = Command(connection, $"""
            UPDATE idempotency_records SET response_status = @status, response_body = @body, completed_at = now()
            WHERE user_id = @user AND key = @key {completedOnly}
            """, ("user", userId), ("key", key), ("status", 201)))
        {
            complete.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Json) { Value = AnswerBody(paymentId) });
            await complete.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>An answer of the size payment-service stores for an approval.</summary>
    private static string AnswerBody(Guid paymentId) =>
        $$"""{"amountMinor":1250,"brand":"Visa","currency":"USD","last4":"4242","paymentId":"{{paymentId}}","savedCardId":null,"status":"approved","vendor":"Visa"}""";

    private static async Task<object?> Scalar(NpgsqlDataSource data, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = data.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) { }
    }
}
