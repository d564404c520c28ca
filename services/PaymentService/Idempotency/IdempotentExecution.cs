using System.Diagnostics;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using EShop.PaymentService.Payments;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Idempotency;

/// <summary>Runs a request at most once per (user, Idempotency-Key) across all replicas, through db-service's fenced
/// claim records: the first claimant works (renewing its lease), duplicates poll the record until the stored answer
/// appears (or the lease ends and one of them takes over with a new fence), and every caller gets the same answer.
/// No request waits longer than <see cref="IdempotencyTimings.MaxWait"/>: the holder's work runs on by itself and
/// stores its answer for the retry that Retry-After asks for.</summary>
public sealed class IdempotentExecution(
    IServiceScopeFactory scopes, IdempotencyTimings timings, KeyWaiters waiters, IOptions<PaymentOptions> options,
    PaymentMetrics metrics, TimeProvider clock, ILogger<IdempotentExecution> logger)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Retry-After of a released claim when the vendor names no wait of its own.</summary>
    private static readonly TimeSpan RetryAfterRelease = TimeSpan.FromSeconds(1);

    /// <summary>Retry-After while another request (or this one's own work) is still in progress.</summary>
    private static readonly TimeSpan RetryAfterInProgress = TimeSpan.FromSeconds(3);

    /// <param name="work">The holder's work, given a service scope of its own: it may outlive the request.</param>
    public async Task<IResult> RunAsync(Guid userId, string key, string requestHash, Func<IServiceProvider, PaymentWork, Task<OwnerOutcome>> work,
        DbClient db, CancellationToken ct)
    {
        using var slot = waiters.TryEnter(userId, key, options.Value.WaitersPerKey);
        if (slot is null)
            return PaymentProblems.RetryLater("Too many requests", "Too many requests with this Idempotency-Key are waiting; retry later for its answer.",
                RetryAfterInProgress, status: StatusCodes.Status429TooManyRequests);

        var started = clock.GetTimestamp();
        var poll = FirstPoll;
        while (true)
        {
            var proposed = Guid.CreateVersion7();
            var claim = (await db.ClaimIdempotencyKeyAsync(
                new ClaimIdempotencyRequest(userId, key, requestHash, proposed, (int)Math.Ceiling(timings.Lease.TotalSeconds)), ct)).Required;
            switch (claim.Outcome)
            {
                case ClaimOutcome.Completed:
                    metrics.Replayed();
                    return new StoredAnswer(claim.ResponseStatus!.Value, claim.ResponseBody!.Value).ToResult(replayed: true);
                case ClaimOutcome.Mismatch:
                    return PaymentProblems.Field(StatusCodes.Status422UnprocessableEntity, IdempotencyKeyHeader.Name,
                        "this key was already used with a different request body; use a new key for a new payment");
                case ClaimOutcome.Claimed:
                    var holder = new PaymentWork(claim.ResourceId, new KeyHolder(userId, key, claim.Fence), New: claim.ResourceId == proposed);
                    // Detached from the request: the work and its record keeping finish even if the caller is gone.
                    var owned = Task.Run(() => OwnAsync(holder, work));
                    var left = timings.MaxWait - clock.GetElapsedTime(started);
                    try
                    {
                        if (await owned.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock, ct) is { } answer) return answer;
                    }
                    catch (TimeoutException)
                    {
                        return PaymentProblems.RetryLater("Payment in progress",
                            "The payment is still being processed; retry with the same Idempotency-Key for its answer.", RetryAfterInProgress, claim.ResourceId);
                    }
                    break; // superseded: wait for the current holder like any duplicate
                default:
                    if (clock.GetElapsedTime(started) + poll > timings.MaxWait)
                        return PaymentProblems.RetryLater("Request in progress",
                            "A request with this Idempotency-Key is still being processed; retry later for its answer.",
                            RetryAfterInProgress, status: StatusCodes.Status409Conflict);
                    await Task.Delay(poll, clock, ct);
                    poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LongestPoll.Ticks));
                    break;
            }
        }
    }

    /// <summary>The holder's part: work under a heartbeat, then record the outcome with its fence. Null when superseded.</summary>
    private async Task<IResult?> OwnAsync(PaymentWork holding, Func<IServiceProvider, PaymentWork, Task<OwnerOutcome>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbClient>();
        var holder = holding.Holder;
        var claimedAt = clock.GetTimestamp();
        OwnerOutcome outcome;
        await using (LeaseHeartbeat.Start(db, holder, timings, clock, logger))
            outcome = await work(scope.ServiceProvider, holding);

        switch (outcome)
        {
            case OwnerOutcome.Final { Answer: var answer }:
                var completed = await db.CompleteIdempotencyKeyAsync(new CompleteIdempotencyRequest(holder.UserId, holder.Key, answer.Status, answer.Body, holder.Fence));
                if (completed.Outcome == DbOutcome.Conflict)
                {
                    logger.LogWarning("Answer for resource {ResourceId} not stored: fence {Fence} is stale", holding.PaymentId, holder.Fence);
                    return null;
                }
                if (!completed.IsSuccess)
                    logger.LogError("Idempotency record for resource {ResourceId} could not be completed ({Outcome})", holding.PaymentId, completed.Outcome);
                return answer.ToResult(replayed: false);
            case OwnerOutcome.Refused refused:
                return await ReleaseAsync(db, holding, failReason: null) ? refused.Answer : null;
            case OwnerOutcome.Unfinished { ReleaseKey: true } unfinished:
                if (!await ReleaseAsync(db, holding, unfinished.FailPayment ? "vendor unavailable: not processed" : null)) return null;
                // Nothing charged and the claim is gone: the retry may come as soon as the vendor (its breaker) allows.
                var vendorWait = unfinished.RetryAfter is { } breakerLeft && breakerLeft > RetryAfterRelease ? breakerLeft : RetryAfterRelease;
                return PaymentProblems.RetryLater("Card vendor unavailable", unfinished.Detail, vendorWait, unfinished.PaymentId);
            case OwnerOutcome.Unfinished unfinished:
                var leaseLeft = timings.Lease - clock.GetElapsedTime(claimedAt);
                var retryAfter = unfinished.RetryAfter is { } vendorRetry && vendorRetry > leaseLeft ? vendorRetry : leaseLeft;
                return PaymentProblems.RetryLater("Card vendor unavailable", unfinished.Detail, retryAfter, unfinished.PaymentId);
            case OwnerOutcome.Superseded:
                return null;
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>Ends this holder's claim (and fails its payment, in the same transaction, when asked). False when db-service
    /// refused: a newer holder has the key, and this one changes nothing.</summary>
    private async Task<bool> ReleaseAsync(DbClient db, PaymentWork holding, string? failReason)
    {
        var holder = holding.Holder;
        var released = await db.ReleaseIdempotencyKeyAsync(new ReleaseIdempotencyRequest(holder.UserId, holder.Key, holding.PaymentId, holder.Fence, failReason));
        if (released.IsSuccess) return true;
        logger.LogWarning("Idempotency claim for resource {ResourceId} was not released ({Outcome}): fence {Fence} is stale or the payment moved on",
            holding.PaymentId, released.Outcome, holder.Fence);
        return false;
    }
}
