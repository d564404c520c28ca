using System.Data;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

public abstract record StatusChange
{
    public sealed record Changed(PaymentRecord Payment) : StatusChange;
    public sealed record NotFound : StatusChange;
    /// <summary>Nothing changed. <c>Refusal</c>: "status" (not an expected status), "transition" (the machine forbids
    /// it) or "stale-holder" (the caller does not hold the payment's key with the current fence).</summary>
    public sealed record Refused(PaymentStatus CurrentStatus, string Refusal) : StatusChange;
}

public sealed class PaymentStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, user_id, status, amount_minor, currency, vendor, brand, last4, card_id, vendor_reference, reason, created_at, updated_at, idempotency_key";

    /// <summary>Declined and failed payments (no money moved) are kept this long, then purged.</summary>
    public static readonly TimeSpan UnsuccessfulRetention = TimeSpan.FromDays(90);

    /// <summary>Inserts the payment (pending) with its items; Created is false when the id already existed
    /// (the stored record is returned unchanged).</summary>
    public async Task<(PaymentRecord Payment, bool Created)> CreateAsync(CreatePayment payment, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Insert(payment, "ON CONFLICT (id) DO NOTHING"));
        var created = await batch.ExecuteNonQueryAsync(ct) == 1;
        if (created) await InsertItemsAsync(connection, payment, ct);
        var stored = await FindAsync(connection, payment.Id, ct);
        await transaction.CommitAsync(ct);
        return (stored!, created);
    }

    public async Task<PaymentRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FindAsync(connection, id, ct);
    }

    /// <summary>Compare-and-set along <see cref="PaymentStatusMachine"/>, in one transaction that locks the key's record
    /// (first, as a release does) and the payment, so no fenced change can interleave with a takeover or a release.</summary>
    public async Task<StatusChange> SetStatusAsync(Guid id, SetPaymentStatus change, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await LockAsync(connection, id, change.Holder, ct) is not { } locked) return new StatusChange.NotFound();
        var (current, target) = (locked.Status, change.Status);
        if (!change.ExpectedStatuses.Contains(current)) return new StatusChange.Refused(current, "status");
        if (!PaymentStatusMachine.Allows(current, target)) return new StatusChange.Refused(current, "transition");
        if (PaymentStatusMachine.NeedsHolder(current) && !locked.HeldByHolder) return new StatusChange.Refused(current, "stale-holder");

        await UpdateStatusAsync(connection, id, target, change.VendorReference, change.Reason, ct);
        var changed = (await FindAsync(connection, id, ct))!;
        await transaction.CommitAsync(ct);
        return new StatusChange.Changed(changed);
    }

    /// <summary>A payment's status, locked for the rest of the caller's transaction together with its key's record, and
    /// whether the holder presented is the key's current holder for this payment.</summary>
    internal sealed record LockedPayment(PaymentStatus Status, bool HeldByHolder);

    /// <summary>Locks the key's record of <paramref name="holder"/> (first, as a release does) and the payment; null when
    /// the payment does not exist.</summary>
    internal static async Task<LockedPayment?> LockAsync(NpgsqlConnection connection, Guid id, Holder? holder, CancellationToken ct)
    {
        var record = holder is null ? null : await IdempotencyStore.LockAsync(connection, holder.UserId, holder.Key, ct);
        await using var select = new NpgsqlCommand("SELECT status, user_id, idempotency_key FROM payments WHERE id = @id FOR UPDATE", connection).With("id", id);
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var held = holder is not null && record is { Completed: false } && record.ResourceId == id && record.Fence == holder.Fence
            && reader.GetGuid("user_id") == holder.UserId && (reader.GetNullableString("idempotency_key") is not { } key || key == holder.Key);
        return new LockedPayment(PaymentStatuses.FromDb(reader.GetString("status")), held);
    }

    internal static async Task UpdateStatusAsync(
        NpgsqlConnection connection, Guid id, PaymentStatus status, string? vendorReference, string? reason, CancellationToken ct)
    {
        await using var update = new NpgsqlCommand("""
            UPDATE payments
            SET status = @status, vendor_reference = coalesce(@reference, vendor_reference), reason = coalesce(@reason, reason), updated_at = now()
            WHERE id = @id
            """, connection)
            .With("id", id).With("status", PaymentStatuses.ToDb(status)).With("reference", vendorReference).With("reason", reason);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>pending → failed inside the caller's transaction (a release that charged nothing); true also when the
    /// payment was never created. False when it exists and is no longer pending.</summary>
    internal static async Task<bool> FailPendingAsync(NpgsqlConnection connection, Guid id, string reason, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            WITH changed AS (
                UPDATE payments SET status = 'failed', reason = @reason, updated_at = now() WHERE id = @id AND status = 'pending' RETURNING 1
            )
            SELECT EXISTS (SELECT 1 FROM changed) OR NOT EXISTS (SELECT 1 FROM payments WHERE id = @id)
            """, connection).With("id", id).With("reason", reason);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Pending payments created more than <paramref name="olderThanSeconds"/> ago whose key's holder has let its lease
    /// end, oldest first: the reconciler's work (only these can be seized, so held ones never crowd a batch).</summary>
    public async Task<IReadOnlyList<PaymentRecord>> ListPendingAsync(int olderThanSeconds, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var ids = new List<Guid>();
        await using (var query = new NpgsqlCommand("""
            SELECT p.id FROM payments p
            JOIN idempotency_records r ON r.user_id = p.user_id AND r.key = p.idempotency_key AND r.resource_id = p.id
            WHERE p.status = 'pending' AND p.created_at <= now() - make_interval(secs => @age)
              AND r.completed_at IS NULL AND r.lease_expires_at <= now() AND r.expires_at > now()
            ORDER BY p.created_at LIMIT @limit
            """, connection).With("age", (double)olderThanSeconds).With("limit", limit))
        await using (var reader = await query.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                ids.Add(reader.GetGuid("id"));
        var payments = new List<PaymentRecord>();
        foreach (var id in ids)
            if (await FindAsync(connection, id, ct) is { } payment) payments.Add(payment);
        return payments;
    }

    /// <summary>What the abuse limits count: one account's declines and distinct new cards over the window.</summary>
    internal static async Task<PaymentActivity> ActivityAsync(NpgsqlConnection connection, Guid userId, int windowSeconds, string? cardFingerprint, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status = 'declined') AS declines, count(DISTINCT card_fingerprint) AS cards,
                   coalesce(bool_or(card_fingerprint = @fingerprint), false) AS card_seen
            FROM payments WHERE user_id = @user AND created_at > now() - make_interval(secs => @window)
            """, connection).With("user", userId).With("window", (double)windowSeconds).With("fingerprint", cardFingerprint);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new PaymentActivity((int)reader.GetInt64("declines"), (int)reader.GetInt64("cards"), reader.GetBoolean("card_seen"));
    }

    /// <summary>Inserts a new payment (pending) and its items in one round trip, inside the caller's transaction; the record
    /// is built from what was written (no read back).</summary>
    internal static async Task<PaymentRecord> InsertAsync(NpgsqlConnection connection, CreatePayment payment, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Insert(payment, "RETURNING created_at, updated_at"));
        AddItems(batch, payment);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new PaymentRecord(payment.Id, payment.UserId, PaymentStatus.Pending, payment.AmountMinor, payment.Currency,
            payment.Vendor, payment.Brand, payment.Last4, payment.CardId, null, null, payment.Items,
            reader.GetTimestamp("created_at"), reader.GetTimestamp("updated_at"), payment.IdempotencyKey);
    }

    private static NpgsqlBatchCommand Insert(CreatePayment payment, string tail) =>
        new NpgsqlBatchCommand($"""
            INSERT INTO payments (id, user_id, amount_minor, currency, vendor, brand, last4, card_id, idempotency_key, card_fingerprint)
            VALUES (@id, @user, @amount, @currency, @vendor, @brand, @last4, @card, @key, @fingerprint)
            {tail}
            """)
            .With("id", payment.Id).With("user", payment.UserId).With("amount", payment.AmountMinor).With("currency", payment.Currency)
            .With("vendor", payment.Vendor).With("brand", payment.Brand).With("last4", payment.Last4).With("card", payment.CardId)
            .With("key", payment.IdempotencyKey).With("fingerprint", payment.CardFingerprint);

    private static async Task InsertItemsAsync(NpgsqlConnection connection, CreatePayment payment, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        AddItems(batch, payment);
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static void AddItems(NpgsqlBatch batch, CreatePayment payment)
    {
        for (var line = 0; line < payment.Items.Count; line++)
        {
            var item = payment.Items[line];
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO payment_items (payment_id, line, product_id, quantity, unit_price_minor) VALUES (@payment, @line, @product, @quantity, @price)
                """)
                .With("payment", payment.Id).With("line", (short)(line + 1)).With("product", item.ProductId).With("quantity", item.Quantity)
                .With("price", item.UnitPriceMinor));
        }
    }

    internal static async Task<PaymentRecord?> FindAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        var items = new List<PaymentItem>();
        await using (var itemQuery = new NpgsqlCommand(
            "SELECT product_id, quantity, unit_price_minor FROM payment_items WHERE payment_id = @id ORDER BY line", connection).With("id", id))
        await using (var reader = await itemQuery.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                items.Add(new PaymentItem(reader.GetInt64("product_id"), reader.GetInt32("quantity"), reader.GetInt64("unit_price_minor")));

        await using var query = new NpgsqlCommand($"SELECT {Columns} FROM payments WHERE id = @id", connection).With("id", id);
        await using var row = await query.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct)) return null;
        return new PaymentRecord(row.GetGuid("id"), row.GetGuid("user_id"), PaymentStatuses.FromDb(row.GetString("status")), row.GetInt64("amount_minor"),
            row.GetString("currency"), row.GetString("vendor"), row.GetString("brand"), row.GetString("last4"), row.GetNullable<Guid>("card_id"),
            row.GetNullableString("vendor_reference"), row.GetNullableString("reason"), items, row.GetTimestamp("created_at"),
            row.GetTimestamp("updated_at"), row.GetNullableString("idempotency_key"));
    }
}

/// <summary>The status names stored in payments.status (the same as the JSON names).</summary>
public static class PaymentStatuses
{
    public static string ToDb(PaymentStatus status) => status.ToString().ToLowerInvariant();

    public static PaymentStatus FromDb(string status) => Enum.Parse<PaymentStatus>(status, ignoreCase: true);
}
