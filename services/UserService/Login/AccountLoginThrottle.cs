using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using Microsoft.Extensions.Options;

namespace EShop.UserService.Login;

/// <summary>Per account and client: every password check first reserves an attempt in db-service (one atomic
/// statement shared by all replicas), which counts as a failure until the check succeeds. Unknown emails are
/// throttled the same way, so the limit does not reveal which accounts exist.</summary>
public sealed class AccountLoginThrottle(DbClient db, IOptions<LoginLimitOptions> options)
{
    /// <summary>Null when the attempt is reserved; otherwise how long this client must wait.</summary>
    public async Task<TimeSpan?> ReserveAsync(string email, string client, CancellationToken ct)
    {
        var limits = options.Value;
        var reservation = (await db.ReserveLoginAttemptAsync(new ReserveLoginAttemptRequest(email, client, limits.PerAccountWindowSeconds,
            limits.PerAccountMaxFailures, limits.DelayAfterFailures, limits.DelayBaseSeconds, limits.DelayMaxSeconds), ct)).Required;
        return reservation.Admitted ? null : TimeSpan.FromSeconds(Math.Max(1, reservation.RetryAfterSeconds ?? 1));
    }

    /// <summary>The password was right: the reserved attempt and the client's earlier failures are forgotten.</summary>
    public Task SucceededAsync(string email, string client, CancellationToken ct) => db.LoginSucceededAsync(email, client, ct);
}
