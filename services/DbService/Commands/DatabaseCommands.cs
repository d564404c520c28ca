using EShop.DbService.Database;
using EShop.DbService.Migrations;
using EShop.DbService.Seed;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EShop.DbService.Commands;

/// <summary>The one-shot commands: `migrate` (apply pending migrations, then keep the runtime role of
/// Database__RuntimeRole in step when set) and `seed` (migrate, then upsert the demo catalogue). They need only
/// ConnectionStrings__Postgres (the schema owner's login), not the HTTP service's settings.</summary>
public static class DatabaseCommands
{
    public const string Migrate = "migrate";
    public const string Seed = "seed";

    public static bool IsCommand(string[] args) => args is [Migrate or Seed, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Services.AddPostgres();
        using var host = builder.Build();
        try
        {
            // Reading the options validates them: a missing connection string stops here, named.
            _ = host.Services.GetRequiredService<IOptions<PostgresOptions>>().Value;
            var database = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (string.IsNullOrEmpty(database.RuntimeRole) != string.IsNullOrEmpty(database.RuntimePassword))
            {
                await Console.Error.WriteLineAsync("startup error: set both Database__RuntimeRole and Database__RuntimePassword, or neither");
                return 2;
            }
            await host.Services.GetRequiredService<Migrator>().MigrateAsync();
            if (!string.IsNullOrEmpty(database.RuntimeRole))
                await RuntimeRole.EnsureAsync(host.Services.GetRequiredService<NpgsqlDataSource>(), database.RuntimeRole, database.RuntimePassword!);
            if (args[0] == Seed) await host.Services.GetRequiredService<CatalogueSeeder>().SeedAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
                await Console.Error.WriteLineAsync($"startup error: missing or invalid {failure}");
            return 2;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or MigrationChecksumException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {ex.Message}");
            return 1;
        }
    }
}
