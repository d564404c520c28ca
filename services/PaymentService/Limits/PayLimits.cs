using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using EShop.PaymentService.Payments;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Limits;

/// <summary>The abuse limits of /pay, counted in db-service so that every replica shares them: requests per user and per
/// client per minute (every request, replays included), and for a new payment the account's declines and distinct new
/// cards in the last hour (card testing). Each answers 429 with Retry-After.</summary>
public sealed class PayLimits(DbClient db, IOptions<PaymentOptions> options, PaymentMetrics metrics)
{
    private const int Minute = 60;
    private const int Hour = 3600;

    public async Task<IResult?> CheckRequestAsync(Guid userId, string client, CancellationToken ct) =>
        await HitAsync($"pay:user:{userId}", options.Value.PerUserPerMinute, "user", ct)
        ?? await HitAsync($"pay:client:{client}", options.Value.PerClientPerMinute, "client", ct);

    public async Task<IResult?> CheckNewPaymentAsync(Guid userId, string? cardFingerprint, CancellationToken ct)
    {
        var activity = (await db.GetPaymentActivityAsync(userId, Hour, cardFingerprint, ct)).Required;
        if (activity.Declines >= options.Value.DeclinesPerHour) return Limited("declines", "Too many declined payments in the last hour.", Hour);
        if (cardFingerprint is not null && !activity.CardSeen && activity.DistinctCards >= options.Value.CardsPerHour)
            return Limited("cards", "Too many different cards in the last hour.", Hour);
        return null;
    }

    private async Task<IResult?> HitAsync(string bucket, int limit, string scope, CancellationToken ct)
    {
        var decision = (await db.HitRateLimitAsync(new RateLimitHit(bucket, Minute, limit), ct)).Required;
        return decision.Allowed ? null : Limited(scope, "Too many payment requests; slow down.", decision.RetryAfterSeconds);
    }

    private IResult Limited(string scope, string detail, int retryAfterSeconds)
    {
        metrics.Limited(scope);
        return PaymentProblems.RetryLater("Too many requests", detail, TimeSpan.FromSeconds(retryAfterSeconds), status: StatusCodes.Status429TooManyRequests);
    }
}
