using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using EShop.DbService.Stores;
using Npgsql;

namespace EShop.DbService.Seed;

/// <summary>Upserts the demo catalogue (Seed/demo-products.json, embedded) by SKU. Running it again changes nothing.</summary>
public sealed class CatalogueSeeder(NpgsqlDataSource dataSource, ILogger<CatalogueSeeder> logger)
{
    private const string Upsert = """
        INSERT INTO products AS p (sku, name, description, price_minor, currency, stock)
        VALUES (@sku, @name, @description, @price, @currency, @stock)
        ON CONFLICT (sku) DO UPDATE
            SET name = excluded.name, description = excluded.description, price_minor = excluded.price_minor,
                currency = excluded.currency, stock = excluded.stock, updated_at = now()
            WHERE (p.name, p.description, p.price_minor, p.currency, p.stock)
                  IS DISTINCT FROM (excluded.name, excluded.description, excluded.price_minor, excluded.currency, excluded.stock)
        """;

    public static IReadOnlyList<CreateProductRequest> LoadDemoProducts()
    {
        using var stream = typeof(CatalogueSeeder).Assembly.GetManifestResourceStream("EShop.DbService.Seed.demo-products.json")
            ?? throw new InvalidOperationException("demo-products.json is not embedded");
        return JsonSerializer.Deserialize(stream, DbServiceJson.Default.ListCreateProductRequest)!;
    }

    /// <summary>Returns how many products were inserted or changed.</summary>
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        var products = LoadDemoProducts();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var product in products.Select(p => p.ToCommand()))
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Upsert)
                .With("sku", product.Sku).With("name", product.Name).With("description", product.Description)
                .With("price", product.PriceMinor).With("currency", product.Currency).With("stock", product.Stock));
        var changed = await batch.ExecuteNonQueryAsync(ct);
        logger.LogInformation("Demo catalogue: {Count} products, {Changed} inserted or changed", products.Count, changed);
        return changed;
    }
}
