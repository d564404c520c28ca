using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    public Task<DbResult<ClaimIdempotencyResult>> ClaimIdempotencyKeyAsync(ClaimIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync<ClaimIdempotencyResult>(HttpMethod.Post, "api/v1/idempotency/claim", request, ct);

    /// <summary>Stores the response to replay; NotFound when the key was never claimed; Conflict when the fence is stale
    /// or the record already completed (nothing changed).</summary>
    public Task<DbResult> CompleteIdempotencyKeyAsync(CompleteIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/idempotency/complete", request, ct);

    /// <summary>Ends an in-progress claim held for the resource id by the fence's holder (Ok), marking its payment failed in
    /// the same transaction when asked; Conflict (nothing changed) when the record is completed, holds another resource id
    /// or a newer fence, or the payment is no longer pending; NotFound when absent.</summary>
    public Task<DbResult> ReleaseIdempotencyKeyAsync(ReleaseIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/idempotency/release", request, ct);

    /// <summary>The holder's heartbeat; Conflict when the fence is stale or the record completed.</summary>
    public Task<DbResult> RenewIdempotencyKeyAsync(RenewIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/idempotency/renew", request, ct);

    /// <summary>Takes over an in-progress key for its resource once the holder's lease has ended (a new fence); Conflict
    /// while the lease lasts, when completed or held for another resource; NotFound when absent.</summary>
    public Task<DbResult<SeizedKey>> SeizeIdempotencyKeyAsync(SeizeIdempotencyRequest request, CancellationToken ct = default) =>
        SendAsync<SeizedKey>(HttpMethod.Post, "api/v1/idempotency/seize", request, ct);
}
