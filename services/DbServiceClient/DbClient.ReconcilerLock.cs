using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>Acquires or renews the reconciler's lock (a PostgreSQL advisory lock db-service holds for the caller);
    /// Conflict while another holder has it.</summary>
    public Task<DbResult> AcquireReconcilerLockAsync(ReconcilerLockRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/reconciler-lock/acquire", request, ct);

    public Task<DbResult> ReleaseReconcilerLockAsync(ReconcilerLockRelease request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/reconciler-lock/release", request, ct);
}
