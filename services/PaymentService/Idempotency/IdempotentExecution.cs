using System.Diagnostics;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using EShop.PaymentService.Payments;

namespace EShop.PaymentService.Idempotency;

/// <summary>Runs a request at most once per (user, Idempotency-Key) across all replicas, through
/// db-service's claim/complete records: the first claimant works, duplicates poll the record until the
/// stored answer appears (or the lease ends and one of them takes over), and every caller gets the same answer.</summary>
public sealed class IdempotentExecution(DbClient db, IdempotencyTimings timings, PaymentMetrics metrics, TimeProvider clock, ILogger<IdempotentExecution> logger)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Retry-After of a released claim when the vendor names no wait of its own.</summary>
    private static readonly TimeSpan RetryAfterRelease = TimeSpan.FromSeconds(1);

    public async Task<IResult> RunAsync(Guid userId, string key, string requestHash, Func<Guid, Task<OwnerOutcome>> work, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var poll = FirstPoll;
        while (true)
        {
            var claimedAt = clock.GetTimestamp();
            var claim = (await db.ClaimIdempotencyKeyAsync(
                new ClaimIdempotencyRequest(userId, key, requestHash, Guid.CreateVersion7(), (int)Math.Ceiling(timings.Lease.TotalSeconds)), ct)).Required;
            switch (claim.Outcome)
            {
                case ClaimOutcome.Completed:
                    metrics.Replayed();
                    return new StoredAnswer(claim.ResponseStatus!.Value, claim.ResponseBody!.Value).ToResult(replayed: true);
                case ClaimOutcome.Mismatch:
                    return PaymentProblems.Field(StatusCodes.Status422UnprocessableEntity, IdempotencyKeyHeader.Name,
                        "this key was already used with a different request body; use a new key for a new payment");
                case ClaimOutcome.Claimed:
                    return await OwnAsync(userId, key, claim.ResourceId, work, claimedAt);
                default:
                    if (clock.GetElapsedTime(started) > timings.MaxWait)
                        return PaymentProblems.RetryLater("Request in progress",
                            "A request with this Idempotency-Key is still being processed; retry later for its answer.",
                            timings.Lease, status: StatusCodes.Status409Conflict);
                    await Task.Delay(poll, clock, ct);
                    poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LongestPoll.Ticks));
                    break;
            }
        }
    }

    private async Task<IResult> OwnAsync(Guid userId, string key, Guid resourceId, Func<Guid, Task<OwnerOutcome>> work, long claimedAt)
    {
        switch (await work(resourceId))
        {
            case OwnerOutcome.Final { Answer: var answer }:
                // Completed even if the caller has gone: the answer must be there for its retry.
                var completed = await db.CompleteIdempotencyKeyAsync(
                    new CompleteIdempotencyRequest(userId, key, answer.Status, answer.Body), CancellationToken.None);
                if (!completed.IsSuccess)
                    logger.LogError("Idempotency record for resource {ResourceId} could not be completed ({Outcome}): a replay will redo the work on the same payment",
                        resourceId, completed.Outcome);
                return answer.ToResult(replayed: false);
            case OwnerOutcome.Unfinished { Release: true } unfinished when await ReleaseAsync(userId, key, resourceId):
                // Nothing charged and the claim is gone: the retry may come as soon as the vendor (its breaker) allows.
                var vendorWait = unfinished.RetryAfter is { } breakerLeft && breakerLeft > RetryAfterRelease ? breakerLeft : RetryAfterRelease;
                return PaymentProblems.RetryLater("Card vendor unavailable", unfinished.Detail, vendorWait, unfinished.PaymentId);
            case OwnerOutcome.Unfinished unfinished:
                var leaseLeft = timings.Lease - clock.GetElapsedTime(claimedAt);
                var retryAfter = unfinished.RetryAfter is { } vendorRetry && vendorRetry > leaseLeft ? vendorRetry : leaseLeft;
                return PaymentProblems.RetryLater("Card vendor unavailable", unfinished.Detail, retryAfter, unfinished.PaymentId);
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>Ends this holder's claim (only if still in progress for <paramref name="resourceId"/>); false when it
    /// could not, and the lease then stays the only way to a retry.</summary>
    private async Task<bool> ReleaseAsync(Guid userId, string key, Guid resourceId)
    {
        try
        {
            var released = await db.ReleaseIdempotencyKeyAsync(new ReleaseIdempotencyRequest(userId, key, resourceId), CancellationToken.None);
            if (released.IsSuccess) return true;
            logger.LogWarning("Idempotency claim for resource {ResourceId} was not released ({Outcome}): a retry waits for the lease",
                resourceId, released.Outcome);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Idempotency claim for resource {ResourceId} was not released ({Reason}): a retry waits for the lease", resourceId, ex.Message);
        }
        return false;
    }
}
