using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.PaymentService.Vendors;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.PaymentService.Payments;

/// <summary>Voids an approved payment at its vendor once (the vendor call is idempotent per payment and
/// the status change is a compare-and-set), so repeated or concurrent cancels all answer the same.</summary>
public sealed class PaymentCanceller(DbClient db, VendorRegistry vendors, PaymentMetrics metrics, ILogger<PaymentCanceller> logger)
{
    private static readonly TimeSpan VendorRetryAfter = TimeSpan.FromSeconds(5);

    /// <remarks>No cancellation token: once the vendor has voided, the record must follow.</remarks>
    public async Task<Results<Ok<PaymentCancelled>, ProblemHttpResult, RetryLaterHttpResult>> CancelAsync(Guid paymentId)
    {
        var found = await db.GetPaymentAsync(paymentId);
        if (found.Outcome == DbOutcome.NotFound)
            return Problems.NotFound("Payment", "paymentId", "no payment with this id");
        var payment = found.Required;

        if (payment.Status == PaymentStatus.Cancelled) return Cancelled(payment);
        if (payment.Status != PaymentStatus.Approved) return NotCancellable(payment);

        if (vendors.ByName(payment.Vendor) is not { } vendor)
            return Problems.RetryLater("Card vendor unavailable", $"vendor {payment.Vendor} is not configured", VendorRetryAfter,
                extensions: PaymentAnswers.Naming(payment.Id));
        var result = await vendor.VoidAsync(new VendorVoid(payment.Id, payment.VendorReference!), CancellationToken.None);
        metrics.Voided(vendor.Name, result);
        switch (result)
        {
            case VoidResult.Voided:
                var set = await db.SetPaymentStatusAsync(payment.Id,
                    new SetPaymentStatusRequest([PaymentStatus.Approved], PaymentStatus.Cancelled, payment.VendorReference, "cancelled"));
                if (set.IsSuccess) return Cancelled(set.Required);
                // A concurrent cancel got there first.
                var current = (await db.GetPaymentAsync(payment.Id)).Required;
                return current.Status == PaymentStatus.Cancelled ? Cancelled(current) : NotCancellable(current);
            case VoidResult.Refused refused:
                logger.LogError("{Vendor} refused to void payment {PaymentId}: {Reason}", vendor.Name, payment.Id, refused.Reason);
                return Problems.Conflict("paymentId", $"the vendor refused to void this payment: {refused.Reason}");
            default:
                return Problems.RetryLater("Card vendor unavailable",
                    "The vendor could not void the payment now; nothing changed. Retry later.",
                    (result as VoidResult.Unavailable)?.RetryAfter ?? VendorRetryAfter, extensions: PaymentAnswers.Naming(payment.Id));
        }
    }

    private static Ok<PaymentCancelled> Cancelled(PaymentRecord payment) =>
        TypedResults.Ok(new PaymentCancelled(payment.Id, PaymentAnswers.StatusName(payment.Status), payment.Vendor, payment.AmountMinor, payment.Currency));

    private static ProblemHttpResult NotCancellable(PaymentRecord payment) =>
        Problems.Conflict("paymentId",
            $"only an approved payment can be cancelled; this one is {PaymentAnswers.StatusName(payment.Status)}");
}
