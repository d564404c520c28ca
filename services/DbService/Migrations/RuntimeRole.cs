using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Migrations;

/// <summary>The login db-service runs as in production: it may read and change rows of the schema's tables,
/// never change the schema. The migration Job, which connects as the schema owner, creates it (or resets its
/// password) and grants it DML on every table, now and for tables later migrations create.</summary>
public static class RuntimeRole
{
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string role, string password, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Identifiers and the password are quoted by PostgreSQL's format() (%I, %L), never spliced in here.
        string[] statements =
        [
            """
            SELECT format(CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)
                THEN 'ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L'
                ELSE 'CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L' END, @role, @password)
            """,
            "SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), @role)",
            "SELECT format('REVOKE CREATE ON SCHEMA public FROM %I', @role)",
            "SELECT format('GRANT USAGE ON SCHEMA public TO %I', @role)",
            "SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', @role)",
            "SELECT format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', @role)",
            "SELECT format('REVOKE ALL ON schema_migrations FROM %I', @role)",
            "SELECT format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', @role)",
            "SELECT format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', @role)",
        ];
        foreach (var statement in statements)
        {
            string sql;
            await using (var build = new NpgsqlCommand(statement, connection, transaction))
            {
                sql = (string)(await build.With("role", role).With("password", password).ExecuteScalarAsync(ct))!;
            }
            await using var run = new NpgsqlCommand(sql, connection, transaction);
            await run.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}
