using EShop.DbService.Database;
using EShop.DbService.Stores;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EShop.DbService.Maintenance;

/// <summary>Deletes expired sessions, idempotency records and rate counters, login failures past the longest window, and
/// declined and failed payments past their retention (<see cref="PaymentStore.UnsuccessfulRetention"/>),
/// every Database__PurgeIntervalMinutes. Safe on several replicas at once (plain DELETEs).</summary>
public sealed class ExpiredRecordsPurge(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options, ILogger<ExpiredRecordsPurge> logger)
    : BackgroundService
{
    private const string Purge = """
        DELETE FROM sessions WHERE expires_at <= now();
        DELETE FROM idempotency_records WHERE expires_at <= now();
        DELETE FROM login_failures WHERE failed_at <= now() - make_interval(secs => @window);
        DELETE FROM rate_counters WHERE expires_at <= now();
        DELETE FROM payments WHERE status IN ('declined', 'failed') AND updated_at <= now() - make_interval(secs => @unsuccessful);
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.PurgeIntervalMinutes));
        do
        {
            try
            {
                var deleted = await PurgeOnceAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("Purged {Count} expired records", deleted);
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning("Purge skipped, database unavailable: {Error}", ex.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Returns the number of rows deleted.</summary>
    public async Task<int> PurgeOnceAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Purge)
            .With("window", (double)LoginFailureStore.MaxWindowSeconds).With("unsuccessful", PaymentStore.UnsuccessfulRetention.TotalSeconds);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
