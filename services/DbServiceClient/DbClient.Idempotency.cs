using EShop.DbServiceClient.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    public Task<DbResult<ClaimIdempotencyResult>> ClaimIdempotencyKeyAsync(ClaimIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync<ClaimIdempotencyResult>(HttpMethod.Post, "api/v1/idempotency/claim", request, ct);

    /// <summary>Stores the response to replay; NotFound when the key was never claimed.</summary>
    public Task<DbResult> CompleteIdempotencyKeyAsync(CompleteIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/idempotency/complete", request, ct);

    /// <summary>Ends an in-progress claim held for the resource id (Ok); Conflict when the record is completed or
    /// holds another resource id, NotFound when absent.</summary>
    public Task<DbResult> ReleaseIdempotencyKeyAsync(ReleaseIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/idempotency/release", request, ct);
}
