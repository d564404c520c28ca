using EShop.DbService.Commands;
using EShop.DbService.Tests.Support;
using Npgsql;
using Xunit;

namespace EShop.DbService.Tests.Database;

[Collection(DbServiceCollection.Name)]
public sealed class RuntimeRoleTests(DbServiceFixture db)
{
    [Fact]
    public async Task The_migrate_command_creates_a_runtime_role_that_may_change_rows_but_never_the_schema()
    {
        var owner = await db.CreateDatabaseAsync();
        // Roles are cluster-wide: a name of its own per test run.
        var role = $"eshop_app_{Guid.NewGuid():N}"[..30];
        const string password = "runtime-role-password-0123456789";
        Assert.Equal(0, await DatabaseCommands.RunAsync(["migrate", $"--ConnectionStrings:Postgres={owner}", $"--Database:RuntimeRole={role}", $"--Database:RuntimePassword={password}"]));
        // A second run (the next release's Job) keeps the role and its grants, and may rotate the password.
        Assert.Equal(0, await DatabaseCommands.RunAsync(["migrate", $"--ConnectionStrings:Postgres={owner}", $"--Database:RuntimeRole={role}", $"--Database:RuntimePassword={password}"]));

        var runtime = new NpgsqlConnectionStringBuilder(owner) { Username = role, Password = password }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(runtime);
        var sku = $"role-{Guid.NewGuid():N}"[..20];
        await Execute(dataSource, $"INSERT INTO products (sku, name, price_minor, currency, stock) VALUES ('{sku}', 'Role test', 100, 'EUR', 1)");
        await Execute(dataSource, $"UPDATE products SET name = 'Renamed' WHERE sku = '{sku}'");
        await Execute(dataSource, $"DELETE FROM products WHERE sku = '{sku}'");

        foreach (var ddl in new[] { "CREATE TABLE intruder (id int)", "DROP TABLE products", "ALTER TABLE products ADD COLUMN intruder int", "DELETE FROM schema_migrations" })
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(dataSource, ddl));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        }
    }

    [Fact]
    public async Task The_migrate_command_refuses_a_runtime_role_without_its_password()
    {
        var owner = await db.CreateDatabaseAsync();
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        try
        {
            Assert.Equal(2, await DatabaseCommands.RunAsync(["migrate", $"--ConnectionStrings:Postgres={owner}", "--Database:RuntimeRole=eshop_app"]));
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("Database__RuntimePassword", stderr.ToString());
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
