using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EShop.DbService.Database;

/// <summary>Ready only while PostgreSQL answers; a fresh check per probe, so readiness returns by itself.</summary>
public sealed class PostgresReadinessCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The message names the failure (refused, timeout), never the connection string.
            return HealthCheckResult.Unhealthy($"PostgreSQL unreachable: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
