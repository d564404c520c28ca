using System.Data;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Migrations;

public sealed class MigrationChecksumException(string message) : Exception(message);

/// <summary>Applies the embedded migrations in version order, each in its own transaction, recorded in
/// schema_migrations. A session advisory lock serialises replicas and Jobs that start together.</summary>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    // Arbitrary constant shared by every db-service process: "eshop migrations".
    private const long AdvisoryLockKey = 0x6573686f705f6d67;

    private const string HistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            checksum   text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public IReadOnlyList<Migration> Migrations { get; } = Migration.LoadEmbedded();

    /// <summary>Returns the versions applied by this call (empty when the database was up to date).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Execute(connection, "SELECT pg_advisory_lock(@key)", ct, AdvisoryLockKey);
        try
        {
            await Execute(connection, HistoryTable, ct);
            var applied = await ReadHistoryAsync(connection, ct);
            var done = new List<int>();
            foreach (var migration in Migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new MigrationChecksumException(
                            $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied (checksum {checksum} in schema_migrations, {migration.Checksum} now). Add a new migration instead.");
                    continue;
                }
                await ApplyAsync(connection, migration, ct);
                done.Add(migration.Version);
            }
            logger.LogInformation("Schema at version {Version}; applied now: [{Applied}]",
                Migrations.Count == 0 ? 0 : Migrations[^1].Version, string.Join(", ", done));
            return done;
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, AdvisoryLockKey);
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
            await script.ExecuteNonQueryAsync(ct);
        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
        {
            await record.With("version", migration.Version).With("name", migration.Name).With("checksum", migration.Checksum).ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task<Dictionary<int, string>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(ct)) applied[reader.GetInt32("version")] = reader.GetString("checksum");
        return applied;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct, long? key = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (key is { } value) command.With("key", value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
