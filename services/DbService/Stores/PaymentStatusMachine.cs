using EShop.DbService.Contracts;

namespace EShop.DbService.Stores;

/// <summary>The payment status machine, written down once and enforced on every status change:
/// <code>
/// pending ─► approved ─► cancelled        (void at the vendor on POST /cancel)
///    │  ───► declined
///    └───► failed ─► voided               (a late vendor approval, voided at once)
/// </code>
/// Leaving <c>pending</c> is the idempotency key holder's decision and needs its current fence; the later changes
/// record what the vendor did to a settled charge and need none. Everything else (failed → approved above all) is refused.</summary>
public static class PaymentStatusMachine
{
    private static readonly Dictionary<PaymentStatus, PaymentStatus[]> Next = new()
    {
        [PaymentStatus.Pending] = [PaymentStatus.Approved, PaymentStatus.Declined, PaymentStatus.Failed],
        [PaymentStatus.Approved] = [PaymentStatus.Cancelled],
        [PaymentStatus.Failed] = [PaymentStatus.Voided],
        [PaymentStatus.Declined] = [],
        [PaymentStatus.Cancelled] = [],
        [PaymentStatus.Voided] = [],
    };

    public static bool Allows(PaymentStatus from, PaymentStatus to) => Next[from].Contains(to);

    /// <summary>Whether a change from <paramref name="from"/> must come from the key's current holder.</summary>
    public static bool NeedsHolder(PaymentStatus from) => from == PaymentStatus.Pending;
}
