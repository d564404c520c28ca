using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.PaymentService.Vendors;

namespace EShop.PaymentService.Payments;

/// <summary>A vendor approval for a payment that is already failed (its key released, a retry may have charged a new
/// payment): voided at the vendor at once, recorded as failed → voided, and counted on the alert metric.</summary>
public sealed class LateApprovals(DbClient db, PaymentMetrics metrics, ILogger<LateApprovals> logger)
{
    public async Task VoidAsync(IPaymentVendor vendor, Guid paymentId, string vendorReference)
    {
        var result = await vendor.VoidAsync(new VendorVoid(paymentId, vendorReference), CancellationToken.None);
        metrics.Voided(vendor.Name, result);
        if (result is not VoidResult.Voided)
        {
            metrics.LateApproval(vendor.Name, voided: false);
            logger.LogError("Late approval {VendorReference} of failed payment {PaymentId} could NOT be voided at {Vendor} ({Result}): void it by hand",
                vendorReference, paymentId, vendor.Name, result.GetType().Name);
            return;
        }
        await db.SetPaymentStatusAsync(paymentId,
            new SetPaymentStatusRequest([PaymentStatus.Failed], PaymentStatus.Voided, vendorReference, "late vendor approval voided"));
        metrics.LateApproval(vendor.Name, voided: true);
        logger.LogError("Late approval {VendorReference} of failed payment {PaymentId} at {Vendor} was voided", vendorReference, paymentId, vendor.Name);
    }
}
