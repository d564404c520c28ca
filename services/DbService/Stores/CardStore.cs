using EShop.DbService.Database;
using EShop.DbServiceClient.Contracts;
using Npgsql;

namespace EShop.DbService.Stores;

public sealed class CardStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, user_id, vendor, vendor_token, brand, last4, expiry_month, expiry_year, holder_name, created_at";

    /// <summary>An unknown user raises the foreign-key violation (404); the table's checks refuse card-number-like text.</summary>
    public async Task<CardRecord> CreateAsync(CreateCardRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO credit_cards (user_id, vendor, vendor_token, brand, last4, expiry_month, expiry_year, holder_name)
            VALUES (@user, @vendor, @token, @brand, @last4, @month, @year, @holder)
            RETURNING {Columns}
            """)
            .With("user", request.UserId!.Value).With("vendor", request.Vendor).With("token", request.VendorToken)
            .With("brand", request.Brand).With("last4", request.Last4).With("month", (short)request.ExpiryMonth!.Value)
            .With("year", (short)request.ExpiryYear!.Value).With("holder", request.HolderName);
        return (await ReadAllAsync(command, ct)).Single();
    }

    public async Task<IReadOnlyList<CardRecord>> ListAsync(Guid userId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM credit_cards WHERE user_id = @user ORDER BY created_at, id")
            .With("user", userId);
        return await ReadAllAsync(command, ct);
    }

    public async Task<CardRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await FindAsync(connection, id, ct);
    }

    internal static async Task<CardRecord?> FindAsync(NpgsqlConnection connection, Guid id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM credit_cards WHERE id = @id", connection).With("id", id);
        return (await ReadAllAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>Saves the card of an approved payment inside the caller's transaction, with the id the caller chose; the
    /// table's checks refuse card-number-like text (400) and an unknown user is a foreign-key violation (404).</summary>
    internal static async Task InsertAsync(NpgsqlConnection connection, Guid userId, CardToSave card, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO credit_cards (id, user_id, vendor, vendor_token, brand, last4, expiry_month, expiry_year, holder_name)
            VALUES (@id, @user, @vendor, @token, @brand, @last4, @month, @year, @holder)
            """, connection)
            .With("id", card.Id!.Value).With("user", userId).With("vendor", card.Vendor).With("token", card.VendorToken)
            .With("brand", card.Brand).With("last4", card.Last4).With("month", (short)card.ExpiryMonth!.Value)
            .With("year", (short)card.ExpiryYear!.Value).With("holder", card.HolderName);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM credit_cards WHERE id = @id").With("id", id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task<IReadOnlyList<CardRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var cards = new List<CardRecord>();
        while (await reader.ReadAsync(ct))
            cards.Add(new CardRecord(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt16(6), reader.GetInt16(7), reader.GetNullableString(8), reader.GetFieldValue<DateTimeOffset>(9)));
        return cards;
    }
}
