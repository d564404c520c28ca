using System.Diagnostics;
using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.PaymentService.Limits;
using EShop.PaymentService.Payments;
using EShop.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Idempotency;

/// <summary>Runs a request at most once per (user, Idempotency-Key) across all replicas, through db-service's begin: one
/// call resolves the bearer token, counts the request, and claims the key with a fresh fence (recording the pending
/// payment in the same transaction), or answers the stored response, or says the key is busy. The claimant works
/// (renewing its lease), duplicates ask begin again until the stored answer appears (or the lease ends and one of them
/// takes over with a new fence), and every caller gets the same answer. No request waits longer than
/// <see cref="IdempotencyTimings.MaxWait"/>: the holder's work runs on by itself and stores its answer for the retry that
/// Retry-After asks for.</summary>
public sealed class IdempotentExecution(
    IServiceScopeFactory scopes, IdempotencyTimings timings, KeyWaiters waiters, IOptions<PaymentOptions> options,
    PayLimits limits, PaymentMetrics metrics, TimeProvider clock, ILogger<IdempotentExecution> logger)
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Retry-After of a released claim when the vendor names no wait of its own.</summary>
    private static readonly TimeSpan RetryAfterRelease = TimeSpan.FromSeconds(1);

    /// <summary>Retry-After while another request (or this one's own work) is still in progress.</summary>
    private static readonly TimeSpan RetryAfterInProgress = TimeSpan.FromSeconds(3);

    /// <param name="begin">The request's begin; its payment id, lease and poll flag are set here.</param>
    /// <param name="work">The holder's work, given a service scope of its own: it may outlive the request.</param>
    public async Task<IResult> RunAsync(BeginPaymentRequest begin, Func<IServiceProvider, PaymentWork, Task<OwnerOutcome>> work, DbClient db, CancellationToken ct)
    {
        // The user is known only after begin: a replica caps the waiters of one key per bearer token (one session).
        using var slot = waiters.TryEnter(begin.TokenHash, begin.Key, options.Value.WaitersPerKey);
        if (slot is null)
            return Problems.TooManyRequests(
                "Too many requests with this Idempotency-Key are waiting; retry later for its answer.", RetryAfterInProgress);

        var started = clock.GetTimestamp();
        var poll = FirstPoll;
        var asked = false;
        while (true)
        {
            var attempt = begin with { PaymentId = Guid.CreateVersion7(), LeaseSeconds = (int)Math.Ceiling(timings.Lease.TotalSeconds), Poll = asked };
            var begun = (await db.BeginPaymentAsync(attempt, ct)).Required;
            asked = true;
            switch (begun.Outcome)
            {
                case BeginOutcome.Unauthenticated:
                    return BearerTokenFormat.Unauthorized();
                case BeginOutcome.Limited:
                    return limits.Limited(begun.LimitedBy!, begun.RetryAfterSeconds!.Value);
                case BeginOutcome.Replay:
                    metrics.Replayed();
                    return StoredAnswer.From(begun.Response!).ToResult(replayed: true);
                case BeginOutcome.Mismatch:
                    return Problems.Field(StatusCodes.Status422UnprocessableEntity, IdempotencyKeyHeader.Name,
                        "this key was already used with a different request body; use a new key for a new payment");
                case BeginOutcome.Refused:
                    return Problems.Fields(begun.RefusalStatus!.Value, begun.Errors!);
                case BeginOutcome.Stored:
                    return StoredAnswer.From(begin.Answer!).ToResult(replayed: false);
                case BeginOutcome.New or BeginOutcome.Takeover:
                    var holding = new PaymentWork(begun.Payment!, new KeyHolder(begun.UserId, begin.Key, begun.Fence),
                        Created: begun.Outcome == BeginOutcome.New, begun.CardToken);
                    // Detached from the request: the work and its record keeping finish even if the caller is gone.
                    var owned = Task.Run(() => OwnAsync(holding, work));
                    var left = timings.MaxWait - clock.GetElapsedTime(started);
                    try
                    {
                        if (await owned.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock, ct) is { } answer) return answer;
                    }
                    catch (TimeoutException)
                    {
                        return Problems.RetryLater("Payment in progress",
                            "The payment is still being processed; retry with the same Idempotency-Key for its answer.",
                            RetryAfterInProgress, extensions: PaymentAnswers.Naming(holding.Payment.Id));
                    }
                    break; // superseded: wait for the current holder like any duplicate
                default: // busy
                    if (clock.GetElapsedTime(started) + poll > timings.MaxWait)
                        return Problems.RetryLater("Request in progress",
                            "A request with this Idempotency-Key is still being processed; retry later for its answer.",
                            RetryAfterInProgress, status: StatusCodes.Status409Conflict);
                    await Task.Delay(poll, clock, ct);
                    poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LongestPoll.Ticks));
                    break;
            }
        }
    }

    /// <summary>The holder's part: work under a heartbeat (the work records its outcome with the holder's fence). Null when superseded.</summary>
    private async Task<IResult?> OwnAsync(PaymentWork holding, Func<IServiceProvider, PaymentWork, Task<OwnerOutcome>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbClient>();
        var claimedAt = clock.GetTimestamp();
        OwnerOutcome outcome;
        await using (LeaseHeartbeat.Start(db, holding.Holder, timings, clock, logger))
            outcome = await work(scope.ServiceProvider, holding);

        switch (outcome)
        {
            case OwnerOutcome.Answered { Answer: var answer }:
                return answer.ToResult(replayed: false);
            case OwnerOutcome.Released released:
                // Nothing charged and the claim is gone: the retry may come as soon as the vendor (its breaker) allows.
                var vendorWait = released.RetryAfter is { } breakerLeft && breakerLeft > RetryAfterRelease ? breakerLeft : RetryAfterRelease;
                return Problems.RetryLater("Card vendor unavailable", released.Detail, vendorWait,
                    extensions: PaymentAnswers.Naming(released.PaymentId));
            case OwnerOutcome.Pending pending:
                var leaseLeft = timings.Lease - clock.GetElapsedTime(claimedAt);
                var retryAfter = pending.RetryAfter is { } vendorRetry && vendorRetry > leaseLeft ? vendorRetry : leaseLeft;
                return Problems.RetryLater("Card vendor unavailable", pending.Detail, retryAfter,
                    extensions: PaymentAnswers.Naming(pending.PaymentId));
            case OwnerOutcome.Superseded:
                return null;
            default:
                throw new UnreachableException();
        }
    }
}
