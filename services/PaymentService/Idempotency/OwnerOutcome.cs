namespace EShop.PaymentService.Idempotency;

/// <summary>What the holder of an idempotency key produced.</summary>
public abstract record OwnerOutcome
{
    /// <summary>A final answer: stored with the key and replayed to every later request.</summary>
    public sealed record Final(StoredAnswer Answer) : OwnerOutcome;

    /// <summary>Not finished (vendor unavailable): nothing is stored, so a retry with the same key takes
    /// the work over once the lease ends and continues the same payment. With <paramref name="Release"/> (set only
    /// when nothing can have been charged and the payment is marked failed) the claim is released instead, so a
    /// retry with the same key claims afresh at once and makes a new payment.</summary>
    public sealed record Unfinished(Guid PaymentId, string Detail, TimeSpan? RetryAfter, bool Release = false) : OwnerOutcome;
}
