using EShop.DbServiceClient.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    public Task<DbResult<ClaimIdempotencyResult>> ClaimIdempotencyKeyAsync(ClaimIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync<ClaimIdempotencyResult>(HttpMethod.Post, "api/v1/idempotency/claim", request, ct);

    /// <summary>Stores the response to replay; NotFound when the key was never claimed.</summary>
    public Task<DbResult> CompleteIdempotencyKeyAsync(CompleteIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/idempotency/complete", request, ct);
}
