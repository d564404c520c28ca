using System.ComponentModel.DataAnnotations;

namespace EShop.DbService.Contracts;

/// <summary>One hit on a fixed-window counter shared by every replica (e.g. "pay:user:&lt;id&gt;").</summary>
public sealed record RateLimitHit(
    [Required, StringLength(300, MinimumLength = 1)] string Bucket,
    [Required, Range(1, 86_400)] int? WindowSeconds,
    [Required, Range(1, 1_000_000)] int? Limit);

/// <summary>Allowed when this hit is within the limit; otherwise RetryAfterSeconds is the time left in the window.</summary>
public sealed record RateLimitDecision(bool Allowed, int Hits, int RetryAfterSeconds);
