using EShop.DbService.Contracts;
using EShop.DbServiceClient;

namespace EShop.PaymentService.Idempotency;

/// <summary>Renews the holder's lease every heartbeat interval while it works, with its fence; stops for good once
/// db-service refuses (a takeover happened: the holder is stale and its later fenced calls will be refused too).</summary>
public sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LeaseHeartbeat(DbClient db, KeyHolder holder, IdempotencyTimings timings, TimeProvider clock, ILogger logger) =>
        _loop = BeatAsync(db, holder, timings, clock, logger, _stop.Token);

    public static LeaseHeartbeat Start(DbClient db, KeyHolder holder, IdempotencyTimings timings, TimeProvider clock, ILogger logger) =>
        new(db, holder, timings, clock, logger);

    private static async Task BeatAsync(DbClient db, KeyHolder holder, IdempotencyTimings timings, TimeProvider clock, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(timings.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    var renewed = await db.RenewIdempotencyKeyAsync(new RenewIdempotencyRequest(holder.UserId, holder.Key, holder.Fence,
                        (int)Math.Ceiling(timings.Lease.TotalSeconds)), stop);
                    if (renewed.IsSuccess) continue;
                    logger.LogWarning("Lease of fence {Fence} was not renewed ({Outcome}): another holder has the key", holder.Fence, renewed.Outcome);
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stop.IsCancellationRequested))
                {
                    // The lease still covers a missed beat; the next one tries again.
                    logger.LogWarning("Lease heartbeat failed: {Error}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
