namespace EShop.PaymentService.Idempotency;

/// <summary>What the holder of an idempotency key produced.</summary>
public abstract record OwnerOutcome
{
    /// <summary>A final answer: stored with the key (for the holder's fence only) and replayed to every later request.</summary>
    public sealed record Final(StoredAnswer Answer) : OwnerOutcome;

    /// <summary>Not finished (vendor unavailable): nothing is stored. Without <paramref name="ReleaseKey"/> the payment stays
    /// pending and the key leased: a retry after the lease (or the reconciler) continues the same payment. With it (only
    /// when nothing can have been charged) the claim is released, and with <paramref name="FailPayment"/> the payment is
    /// marked failed in the same transaction, so a retry with the same key claims afresh at once and makes a new payment.</summary>
    public sealed record Unfinished(Guid PaymentId, string Detail, TimeSpan? RetryAfter, bool ReleaseKey = false, bool FailPayment = false) : OwnerOutcome;

    /// <summary>Refused before any payment was made (an abuse limit): the claim is released and the answer is not stored,
    /// so the same key works once the limit allows.</summary>
    public sealed record Refused(IResult Answer) : OwnerOutcome;

    /// <summary>The holder lost the key to a takeover (db-service refused its fence): it changes nothing more and waits
    /// for the current holder's answer like any duplicate.</summary>
    public sealed record Superseded : OwnerOutcome;
}

/// <summary>What the holder works on: the payment (the key's resource id) and its fenced holder identity. New: the claim
/// made the record with the resource id this request proposed (fresh, never used before), so no payment can exist under it
/// yet and the holder need not look one up; false for every takeover.</summary>
public sealed record PaymentWork(Guid PaymentId, DbServiceClient.Contracts.KeyHolder Holder, bool New = false);
