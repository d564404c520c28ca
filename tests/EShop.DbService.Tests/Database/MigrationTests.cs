using EShop.DbService.Commands;
using EShop.DbService.Migrations;
using EShop.DbService.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace EShop.DbService.Tests.Database;

[Collection(DbServiceCollection.Name)]
public sealed class MigrationTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_fresh_database_reaches_the_latest_version_and_a_second_run_is_a_no_op()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await db.CreateDatabaseAsync());
        var migrator = new Migrator(dataSource, NullLogger<Migrator>.Instance);

        var applied = await migrator.MigrateAsync(ct);
        Assert.Equal(migrator.Migrations.Select(m => m.Version), applied);
        var history = await HistoryAsync(dataSource);
        Assert.Equal(migrator.Migrations.Select(m => (m.Version, m.Checksum)), history.Select(h => (h.Version, h.Checksum)));

        Assert.Empty(await migrator.MigrateAsync(ct));
        Assert.Equal(history, await HistoryAsync(dataSource));
    }

    [Fact]
    public async Task Replicas_migrating_at_once_apply_each_version_exactly_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await db.CreateDatabaseAsync());
        var migrators = Enumerable.Range(0, 4).Select(_ => new Migrator(dataSource, NullLogger<Migrator>.Instance)).ToList();

        var runs = await Task.WhenAll(migrators.Select(m => m.MigrateAsync()));

        Assert.Equal(migrators[0].Migrations.Select(m => m.Version), runs.SelectMany(r => r).Order());
        Assert.Equal(migrators[0].Migrations.Count, (await HistoryAsync(dataSource)).Count);
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_stops_the_migrator()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = NpgsqlDataSource.Create(await db.CreateDatabaseAsync());
        var migrator = new Migrator(dataSource, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(ct);
        await using (var tamper = dataSource.CreateCommand("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1"))
            await tamper.ExecuteNonQueryAsync(ct);

        var error = await Assert.ThrowsAsync<MigrationChecksumException>(() => migrator.MigrateAsync(ct));
        Assert.Contains("0001", error.Message);
    }

    [Fact]
    public async Task The_migrate_command_exits_0_twice_and_names_a_missing_connection_string()
    {
        var connectionString = await db.CreateDatabaseAsync();
        Assert.Equal(0, await DatabaseCommands.RunAsync(["migrate", $"--ConnectionStrings:Postgres={connectionString}"]));
        Assert.Equal(0, await DatabaseCommands.RunAsync(["migrate", $"--ConnectionStrings:Postgres={connectionString}"]));

        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        try
        {
            Assert.Equal(2, await DatabaseCommands.RunAsync(["migrate", "--ConnectionStrings:Postgres="]));
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("ConnectionStrings__Postgres", stderr.ToString());
    }

    private static async Task<List<(int Version, string Checksum, DateTime AppliedAt)>> HistoryAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string, DateTime)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2)));
        return rows;
    }
}
