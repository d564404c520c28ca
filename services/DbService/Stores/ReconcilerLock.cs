using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

/// <summary>The payment reconciler's "one active across replicas": a PostgreSQL session advisory lock that this process
/// holds on a dedicated connection for one caller at a time, until the caller releases it or stops renewing it (TTL).
/// The lock lives in the database, so it is exclusive across every db-service replica; if this process dies its
/// connection closes and PostgreSQL frees the lock.</summary>
public sealed class ReconcilerLock(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<ReconcilerLock> logger) : BackgroundService
{
    /// <summary>The advisory lock id ("eshoprec" in ASCII).</summary>
    public const long LockId = 0x6573686f70726563;

    private sealed record Held(Guid Holder, NpgsqlConnection Connection, DateTimeOffset ExpiresAt);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Held? _held;

    /// <summary>True when <paramref name="holder"/> holds the lock now (acquired or renewed for <paramref name="ttl"/>).</summary>
    public async Task<bool> AcquireAsync(Guid holder, TimeSpan ttl, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_held is { } held)
            {
                if (held.Holder != holder && held.ExpiresAt > clock.GetUtcNow()) return false;
                if (held.Holder == holder && await IsAliveAsync(held.Connection, ct))
                {
                    _held = held with { ExpiresAt = clock.GetUtcNow() + ttl };
                    return true;
                }
                await DropAsync();
            }

            var connection = await dataSource.OpenConnectionAsync(ct);
            await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@id)", connection).With("id", LockId))
                if ((bool)(await command.ExecuteScalarAsync(ct))!)
                {
                    _held = new Held(holder, connection, clock.GetUtcNow() + ttl);
                    return true;
                }
            await connection.DisposeAsync();
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ReleaseAsync(Guid holder, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_held?.Holder == holder) await DropAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Frees the lock of a holder that stopped renewing it.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await _gate.WaitAsync(stoppingToken);
                try
                {
                    if (_held is { } held && held.ExpiresAt <= clock.GetUtcNow()) await DropAsync();
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await DropAsync();
    }

    private static async Task<bool> IsAliveAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(ct);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    // Closing the session frees its advisory locks; a connection returned to the pool would keep them.
    private async Task DropAsync()
    {
        if (_held is not { } held) return;
        _held = null;
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@id)", held.Connection).With("id", LockId);
            await unlock.ExecuteScalarAsync();
        }
        catch (NpgsqlException ex)
        {
            logger.LogWarning("Reconciler lock connection was already broken: {Error}", ex.Message);
        }
        await held.Connection.DisposeAsync();
    }
}
