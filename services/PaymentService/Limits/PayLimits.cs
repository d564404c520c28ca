using EShop.DbService.Contracts;
using EShop.PaymentService.Payments;
using EShop.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Limits;

/// <summary>The abuse limits of /pay, counted by db-service's begin so that every replica shares them: requests per user
/// and per client per minute (every request, replays included), and for a new payment the account's declines and
/// distinct new cards in the last hour (card testing). Each answers 429 with Retry-After.</summary>
public sealed class PayLimits(IOptions<PaymentOptions> options, PaymentMetrics metrics)
{
    public PayLimitSettings Settings { get; } = new(
        options.Value.PerUserPerMinute, options.Value.PerClientPerMinute, options.Value.DeclinesPerHour, options.Value.CardsPerHour);

    /// <summary>The 429 for the limit begin named (user, client, declines, cards).</summary>
    public RetryLaterHttpResult Limited(string limit, int retryAfterSeconds)
    {
        metrics.Limited(limit);
        var detail = limit switch
        {
            "declines" => "Too many declined payments in the last hour.",
            "cards" => "Too many different cards in the last hour.",
            _ => "Too many payment requests; slow down.",
        };
        return Problems.TooManyRequests(detail, TimeSpan.FromSeconds(retryAfterSeconds));
    }
}
