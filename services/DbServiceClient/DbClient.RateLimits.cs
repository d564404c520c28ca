using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>Counts one hit on a shared fixed-window counter and says whether it is within the limit.</summary>
    public Task<DbResult<RateLimitDecision>> HitRateLimitAsync(RateLimitHit hit, CancellationToken ct = default) =>
        SendAsync<RateLimitDecision>(HttpMethod.Post, "api/v1/rate-limit/hit", hit, ct);
}
