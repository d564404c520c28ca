using System.Data;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

public sealed class ProductStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, sku, name, description, price_minor, currency, stock, updated_at";

    /// <summary>A taken SKU raises the unique violation of products_sku_key (409).</summary>
    public async Task<ProductRecord> CreateAsync(CreateProduct product, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO products (sku, name, description, price_minor, currency, stock)
            VALUES (@sku, @name, @description, @price, @currency, @stock)
            RETURNING {Columns}
            """)
            .With("sku", product.Sku).With("name", product.Name).With("description", product.Description)
            .With("price", product.PriceMinor).With("currency", product.Currency).With("stock", product.Stock);
        return (await ReadAllAsync(command, ct)).Single();
    }

    /// <summary>Keyset page in id order after <paramref name="afterId"/>, optionally filtered by a case-insensitive substring.</summary>
    public async Task<ProductPage> ListAsync(int limit, long? afterId, string? query, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM products
            WHERE (@after::bigint IS NULL OR id > @after)
              AND (@pattern::text IS NULL OR name ILIKE @pattern OR description ILIKE @pattern OR sku ILIKE @pattern)
            ORDER BY id
            LIMIT @take
            """)
            .With("after", afterId).With("pattern", string.IsNullOrEmpty(query) ? null : $"%{EscapeLike(query)}%").With("take", limit + 1);
        var rows = await ReadAllAsync(command, ct);
        return rows.Count > limit
            ? new ProductPage(rows.Take(limit).ToList(), ProductCursor.Encode(rows[limit - 1].Id))
            : new ProductPage(rows, null);
    }

    public async Task<IReadOnlyList<ProductRecord>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM products WHERE id = ANY(@ids) ORDER BY id")
            .With("ids", ids.ToArray());
        return await ReadAllAsync(command, ct);
    }

    /// <summary>The current price and currency of each existing product of <paramref name="ids"/>, inside the caller's transaction.</summary>
    internal static async Task<IReadOnlyDictionary<long, (long PriceMinor, string Currency)>> PricesAsync(
        NpgsqlConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT id, price_minor, currency FROM products WHERE id = ANY(@ids)", connection)
            .With("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var prices = new Dictionary<long, (long, string)>();
        while (await reader.ReadAsync(ct)) prices[reader.GetInt64("id")] = (reader.GetInt64("price_minor"), reader.GetString("currency"));
        return prices;
    }

    public async Task<ProductRecord?> FindAsync(long id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM products WHERE id = @id").With("id", id);
        return (await ReadAllAsync(command, ct)).SingleOrDefault();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM products WHERE id = @id").With("id", id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static async Task<IReadOnlyList<ProductRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var products = new List<ProductRecord>();
        while (await reader.ReadAsync(ct))
            products.Add(new ProductRecord(reader.GetInt64("id"), reader.GetString("sku"), reader.GetString("name"), reader.GetString("description"),
                reader.GetInt64("price_minor"), reader.GetString("currency"), reader.GetInt32("stock"), reader.GetTimestamp("updated_at")));
        return products;
    }
}
