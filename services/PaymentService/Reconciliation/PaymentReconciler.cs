using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.PaymentService.Payments;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Reconciliation;

/// <summary>The background worker that settles payments left pending. Every replica runs one, but only the holder of
/// db-service's reconciler lock (a PostgreSQL advisory lock) works in a round, so vendors see one lookup per payment. The
/// lock is released after each round (any replica may do the next); its TTL frees it if this replica dies mid-round.</summary>
public sealed class PaymentReconciler(
    IServiceScopeFactory scopes, IOptions<PaymentOptions> options, PaymentMetrics metrics, TimeProvider clock, ILogger<PaymentReconciler> logger)
    : BackgroundService
{
    private const int BatchSize = 50;
    private readonly Guid _holder = Guid.NewGuid();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.ReconcileIntervalSeconds);
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RoundAsync(interval, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await ReleaseAsync();
    }

    private async Task RoundAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbClient>();
            var ttl = (int)Math.Clamp(Math.Ceiling(interval.TotalSeconds * 3), 30, 600);
            if (!(await db.AcquireReconcilerLockAsync(new ReconcilerLockRequest(_holder, ttl), ct)).IsSuccess) return;

            try
            {
                var settler = scope.ServiceProvider.GetRequiredService<PendingPaymentSettler>();
                foreach (var payment in (await db.ListPendingPaymentsAsync(options.Value.ReconcileAfterSeconds, BatchSize, ct)).Required)
                {
                    metrics.PendingAge(clock.GetUtcNow() - payment.CreatedAt);
                    metrics.Reconciled(await settler.SettleAsync(payment, ct));
                }
            }
            finally
            {
                await ReleaseAsync();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("Reconciliation round skipped: {Error}", ex.Message);
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DbClient>().ReleaseReconcilerLockAsync(new ReconcilerLockRelease(_holder));
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Reconciler lock not released (it expires by itself): {Error}", ex.Message);
        }
    }
}
