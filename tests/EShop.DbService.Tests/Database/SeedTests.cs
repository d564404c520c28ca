using EShop.DbService.Commands;
using EShop.DbService.Migrations;
using EShop.DbService.Seed;
using EShop.DbService.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace EShop.DbService.Tests.Database;

[Collection(DbServiceCollection.Name)]
public sealed class SeedTests(DbServiceFixture db)
{
    [Fact]
    public async Task The_seed_command_loads_the_demo_catalogue_and_a_second_seed_changes_nothing()
    {
        var connectionString = await db.CreateDatabaseAsync();
        Assert.Equal(0, await DatabaseCommands.RunAsync(["seed", $"--ConnectionStrings:Postgres={connectionString}"]));

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var demo = CatalogueSeeder.LoadDemoProducts();
        Assert.InRange(demo.Count, 24, 100);
        Assert.Equal(demo.Select(p => p.Sku).Order(), await SkusAsync(dataSource));

        var seeder = new CatalogueSeeder(dataSource, NullLogger<CatalogueSeeder>.Instance);
        Assert.Equal(0, await seeder.SeedAsync(TestContext.Current.CancellationToken));
        Assert.Equal(demo.Count, (await SkusAsync(dataSource)).Count);
    }

    [Fact]
    public void The_demo_catalogue_passes_the_product_contract()
    {
        var demo = CatalogueSeeder.LoadDemoProducts();
        Assert.All(demo, p =>
        {
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            Assert.True(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(p, new(p), results, true),
                $"{p.Sku}: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        });
        Assert.Equal(demo.Count, demo.Select(p => p.Sku).Distinct().Count());
    }

    private static async Task<List<string>> SkusAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT sku FROM products ORDER BY sku COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync();
        var skus = new List<string>();
        while (await reader.ReadAsync()) skus.Add(reader.GetString(0));
        return skus;
    }
}
