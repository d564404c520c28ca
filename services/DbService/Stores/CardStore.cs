using System.Data;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

public sealed class CardStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, user_id, vendor, vendor_token, brand, last4, expiry_month, expiry_year, holder_name, created_at";

    /// <summary>An unknown user raises the foreign-key violation (404); the table's checks refuse card-number-like text.</summary>
    public async Task<CardRecord> CreateAsync(CreateCard card, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = Insert(connection, card, $"RETURNING {Columns}");
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
    internal static async Task InsertAsync(NpgsqlConnection connection, CreateCard card, CancellationToken ct)
    {
        await using var command = Insert(connection, card, "");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The card's id is the database's unless the command chose one.</summary>
    private static NpgsqlCommand Insert(NpgsqlConnection connection, CreateCard card, string returning) =>
        new NpgsqlCommand($"""
            INSERT INTO credit_cards (id, user_id, vendor, vendor_token, brand, last4, expiry_month, expiry_year, holder_name)
            VALUES (coalesce(@id, gen_random_uuid()), @user, @vendor, @token, @brand, @last4, @month, @year, @holder)
            {returning}
            """, connection)
            .With("id", card.Id).With("user", card.UserId).With("vendor", card.Vendor).With("token", card.VendorToken)
            .With("brand", card.Brand).With("last4", card.Last4).With("month", card.ExpiryMonth)
            .With("year", card.ExpiryYear).With("holder", card.HolderName);

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
            cards.Add(new CardRecord(reader.GetGuid("id"), reader.GetGuid("user_id"), reader.GetString("vendor"), reader.GetString("vendor_token"),
                reader.GetString("brand"), reader.GetString("last4"), reader.GetInt16("expiry_month"), reader.GetInt16("expiry_year"),
                reader.GetNullableString("holder_name"), reader.GetTimestamp("created_at")));
        return cards;
    }
}
