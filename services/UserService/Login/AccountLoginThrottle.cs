using EShop.DbServiceClient;
using Microsoft.Extensions.Options;

namespace EShop.UserService.Login;

/// <summary>Per-account limit on failed logins, counted in db-service so every replica shares it. Unknown
/// emails are counted too, so the limit does not reveal which accounts exist.</summary>
public sealed class AccountLoginThrottle(DbClient db, IOptions<LoginLimitOptions> options, TimeProvider time)
{
    /// <summary>How long the account must wait, or null when another attempt is allowed.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string email, CancellationToken ct)
    {
        var limits = options.Value;
        var failures = (await db.GetLoginFailuresAsync(email, limits.PerAccountWindowSeconds, ct)).Required;
        if (failures.Count < limits.PerAccountMaxFailures) return null;
        // A slot frees up when the oldest failure in the window ages out of it.
        var now = time.GetUtcNow();
        var freedAt = (failures.OldestAt ?? now) + TimeSpan.FromSeconds(limits.PerAccountWindowSeconds);
        return freedAt > now ? freedAt - now : TimeSpan.FromSeconds(1);
    }

    public Task RecordFailureAsync(string email, CancellationToken ct) => db.RecordLoginFailureAsync(email, ct);
}
