using EShop.DbService.Database;
using Microsoft.Extensions.Options;

namespace EShop.DbService.Migrations;

/// <summary>With Database__MigrateOnStartup=true, migrates before the server starts listening
/// (StartingAsync runs after configuration validation and before any hosted service starts).</summary>
public sealed class StartupMigration(IOptions<DatabaseOptions> options, Migrator migrator) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup) await migrator.MigrateAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
