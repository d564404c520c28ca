using EShop.DbService.Database;
using EShop.DbServiceClient.Contracts;
using Npgsql;

namespace EShop.DbService.Stores;

public abstract record StatusChange
{
    public sealed record Changed(PaymentRecord Payment) : StatusChange;
    public sealed record NotFound : StatusChange;
    public sealed record Refused(PaymentStatus CurrentStatus) : StatusChange;
}

public sealed class PaymentStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, user_id, status, amount_minor, currency, vendor, brand, last4, card_id, vendor_reference, reason, created_at, updated_at";

    /// <summary>Inserts the payment (pending) with its items; Created is false when the id already existed
    /// (the stored record is returned unchanged).</summary>
    public async Task<(PaymentRecord Payment, bool Created)> CreateAsync(CreatePaymentRequest request, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO payments (id, user_id, amount_minor, currency, vendor, brand, last4, card_id)
            VALUES (@id, @user, @amount, @currency, @vendor, @brand, @last4, @card)
            ON CONFLICT (id) DO NOTHING
            """, connection)
            .With("id", request.Id!.Value).With("user", request.UserId!.Value).With("amount", request.AmountMinor!.Value)
            .With("currency", request.Currency).With("vendor", request.Vendor).With("brand", request.Brand)
            .With("last4", request.Last4).With("card", request.CardId);
        var created = await insert.ExecuteNonQueryAsync(ct) == 1;
        if (created) await InsertItemsAsync(connection, request, ct);
        var payment = await FindAsync(connection, request.Id.Value, ct);
        await transaction.CommitAsync(ct);
        return (payment!, created);
    }

    public async Task<PaymentRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FindAsync(connection, id, ct);
    }

    /// <summary>Compare-and-set in one UPDATE: changes the status only while it is one of <paramref name="request"/>'s expected ones.</summary>
    public async Task<StatusChange> SetStatusAsync(Guid id, SetPaymentStatusRequest request, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var update = new NpgsqlCommand("""
            UPDATE payments
            SET status = @status, vendor_reference = coalesce(@reference, vendor_reference), reason = coalesce(@reason, reason), updated_at = now()
            WHERE id = @id AND status = ANY(@expected)
            """, connection)
            .With("id", id).With("status", PaymentStatuses.ToDb(request.Status!.Value))
            .With("expected", request.ExpectedStatuses.Select(PaymentStatuses.ToDb).ToArray())
            .With("reference", request.VendorReference).With("reason", request.Reason);
        if (await update.ExecuteNonQueryAsync(ct) == 1) return new StatusChange.Changed((await FindAsync(connection, id, ct))!);

        await using var current = new NpgsqlCommand("SELECT status FROM payments WHERE id = @id", connection).With("id", id);
        return await current.ExecuteScalarAsync(ct) is string status
            ? new StatusChange.Refused(PaymentStatuses.FromDb(status))
            : new StatusChange.NotFound();
    }

    private static async Task InsertItemsAsync(NpgsqlConnection connection, CreatePaymentRequest request, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        for (var line = 0; line < request.Items.Count; line++)
        {
            var item = request.Items[line];
            var command = new NpgsqlBatchCommand("""
                INSERT INTO payment_items (payment_id, line, product_id, quantity, unit_price_minor) VALUES (@payment, @line, @product, @quantity, @price)
                """);
            command.Parameters.AddWithValue("payment", request.Id!.Value);
            command.Parameters.AddWithValue("line", (short)(line + 1));
            command.Parameters.AddWithValue("product", item.ProductId!.Value);
            command.Parameters.AddWithValue("quantity", item.Quantity!.Value);
            command.Parameters.AddWithValue("price", item.UnitPriceMinor!.Value);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static async Task<PaymentRecord?> FindAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        var items = new List<PaymentItem>();
        await using (var itemQuery = new NpgsqlCommand(
            "SELECT product_id, quantity, unit_price_minor FROM payment_items WHERE payment_id = @id ORDER BY line", connection).With("id", id))
        await using (var reader = await itemQuery.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                items.Add(new PaymentItem(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2)));

        await using var query = new NpgsqlCommand($"SELECT {Columns} FROM payments WHERE id = @id", connection).With("id", id);
        await using var row = await query.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct)) return null;
        return new PaymentRecord(row.GetGuid(0), row.GetGuid(1), PaymentStatuses.FromDb(row.GetString(2)), row.GetInt64(3), row.GetString(4),
            row.GetString(5), row.GetString(6), row.GetString(7), row.GetNullable<Guid>(8), row.GetNullableString(9), row.GetNullableString(10),
            items, row.GetFieldValue<DateTimeOffset>(11), row.GetFieldValue<DateTimeOffset>(12));
    }
}

/// <summary>The status names stored in payments.status (the same as the JSON names).</summary>
public static class PaymentStatuses
{
    public static string ToDb(PaymentStatus status) => status.ToString().ToLowerInvariant();

    public static PaymentStatus FromDb(string status) => Enum.Parse<PaymentStatus>(status, ignoreCase: true);
}
