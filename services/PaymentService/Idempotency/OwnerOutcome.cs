using EShop.DbService.Contracts;

namespace EShop.PaymentService.Idempotency;

/// <summary>What the holder of an idempotency key produced. The holder records it itself (POST /pay/finish), so each
/// outcome says what db-service already has.</summary>
public abstract record OwnerOutcome
{
    /// <summary>A final answer, stored with the key by finish (for the holder's fence only) and replayed to every later request.</summary>
    public sealed record Answered(StoredAnswer Answer) : OwnerOutcome;

    /// <summary>Nothing was charged: finish failed the payment and released the key in one transaction, so a retry with
    /// the same key claims afresh at once and makes a new payment.</summary>
    public sealed record Released(Guid PaymentId, string Detail, TimeSpan? RetryAfter) : OwnerOutcome;

    /// <summary>Not finished (the vendor may have charged): nothing is recorded, the payment stays pending and the key
    /// leased; a retry after the lease (or the reconciler) continues the same payment.</summary>
    public sealed record Pending(Guid PaymentId, string Detail, TimeSpan? RetryAfter) : OwnerOutcome;

    /// <summary>The holder lost the key to a takeover (db-service refused its fence): it changes nothing more and waits
    /// for the current holder's answer like any duplicate.</summary>
    public sealed record Superseded : OwnerOutcome;
}

/// <summary>What the holder works on: the payment begin recorded or found, its fenced holder identity, whether begin
/// created the payment for this request (no earlier attempt can have charged it) or took over an earlier holder's, and
/// the saved card's vendor token when the payment is made with one.</summary>
public sealed record PaymentWork(PaymentRecord Payment, KeyHolder Holder, bool Created, string? CardToken)
{
    // Records print every member by default; the card token must not reach a log line that way.
    public override string ToString() => $"payment {Payment.Id} under fence {Holder.Fence}";
}
