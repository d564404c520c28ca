using EShop.PaymentService.Cards;

namespace EShop.PaymentService.Vendors;

/// <summary>One card processor. Implementations are typed HttpClients registered with
/// <see cref="VendorServiceCollectionExtensions.AddPaymentVendor{TVendor}"/>; adding a vendor is one such
/// class plus one <c>Vendors:&lt;Name&gt;</c> configuration block.</summary>
public interface IPaymentVendor
{
    string Name { get; }

    /// <summary>Authorizes and captures in one step. The payment id is the vendor idempotency key, so
    /// retries (ours or a later takeover) can never charge twice.</summary>
    Task<ChargeResult> ChargeAsync(VendorCharge charge, CancellationToken cancellationToken);

    /// <summary>Voids (or refunds) an approved charge; idempotent per payment.</summary>
    Task<VoidResult> VoidAsync(VendorVoid request, CancellationToken cancellationToken);

    /// <summary>The charge made under the payment id (the vendor idempotency key), if any: how the reconciler learns
    /// the outcome of a charge whose answer never came.</summary>
    Task<ChargeLookup> FindChargeAsync(Guid paymentId, CancellationToken cancellationToken);
}

public abstract record PaymentInstrument
{
    public sealed record NewCard(ValidatedCard Card) : PaymentInstrument;
    public sealed record SavedCard(string VendorToken) : PaymentInstrument;
}

public sealed record VendorCharge(Guid PaymentId, long AmountMinor, string Currency, PaymentInstrument Instrument, bool Tokenize);

public sealed record VendorVoid(Guid PaymentId, string VendorReference);

public abstract record ChargeResult
{
    public sealed record Approved(string VendorReference, string? CardToken) : ChargeResult;
    public sealed record Declined(string VendorReference, string Reason) : ChargeResult;
    /// <summary>No usable answer from the vendor. MayHaveCharged is false only when the vendor cannot have processed the
    /// charge: an explicit "not processed" (the adapter's documented codes), no connection, an open breaker. Any other
    /// 4xx/5xx, a timeout or a reset may have charged.</summary>
    public sealed record Unavailable(bool MayHaveCharged, TimeSpan? RetryAfter) : ChargeResult;
}

public abstract record VoidResult
{
    public sealed record Voided : VoidResult;
    /// <summary>The vendor refused: unknown or not voidable charge.</summary>
    public sealed record Refused(string Reason) : VoidResult;
    public sealed record Unavailable(TimeSpan? RetryAfter) : VoidResult;
}

public abstract record ChargeLookup
{
    /// <summary>The vendor's charge under the key, with its current status: approved, declined or voided.</summary>
    public sealed record Found(string VendorReference, string Status, string? Reason) : ChargeLookup;
    /// <summary>The vendor made no charge under the key.</summary>
    public sealed record NotFound : ChargeLookup;
    public sealed record Unavailable : ChargeLookup;
}
