using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Payments;
using EShop.PaymentService.Vendors;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Reconciliation;

/// <summary>Settles one payment left pending (its holder gone, or the vendor's answer never came): takes its key over
/// with a new fence (so the old holder can change nothing), asks the vendor for the charge under the payment id, and
/// settles: approved/declined with the stored answer completed, so a late retry gets the truth; no charge past
/// <see cref="PaymentOptions.FailAfterSeconds"/>: failed and the key released in one transaction. Returns the outcome.</summary>
public sealed class PendingPaymentSettler(
    DbClient db, VendorRegistry vendors, IOptions<PaymentOptions> options, TimeProvider clock, ILogger<PendingPaymentSettler> logger)
{
    /// <summary>Long enough for one lookup and the settling calls; if the reconciler dies, the key is free again soon.</summary>
    private const int SeizeLeaseSeconds = 30;

    public async Task<string> SettleAsync(PaymentRecord payment, CancellationToken ct)
    {
        if (payment.IdempotencyKey is not { } key) return "orphaned";
        var seized = await db.SeizeIdempotencyKeyAsync(new SeizeIdempotencyRequest(payment.UserId, key, payment.Id, SeizeLeaseSeconds), ct);
        if (seized.Outcome == DbOutcome.Conflict) return "held";
        if (!seized.IsSuccess) return "orphaned";
        var holder = new KeyHolder(payment.UserId, key, seized.Required.Fence);

        if (vendors.ByName(payment.Vendor) is not { } vendor) return await HandBackAsync(holder, "unavailable", ct);
        switch (await vendor.FindChargeAsync(payment.Id, ct))
        {
            case ChargeLookup.Found { Status: "approved" } charge:
                return await SettleAsync(payment, holder, PaymentStatus.Approved, charge.VendorReference, reason: null);
            case ChargeLookup.Found { Status: "declined" } charge:
                return await SettleAsync(payment, holder, PaymentStatus.Declined, charge.VendorReference, charge.Reason ?? "declined");
            case ChargeLookup.Found:
            case ChargeLookup.NotFound when clock.GetUtcNow() - payment.CreatedAt > TimeSpan.FromSeconds(options.Value.FailAfterSeconds):
                // No charge stands at the vendor (none made, or voided there): nothing is owed.
                var released = await db.ReleaseIdempotencyKeyAsync(
                    new ReleaseIdempotencyRequest(payment.UserId, key, payment.Id, holder.Fence, "no charge at the vendor after the reconciliation deadline"), ct);
                return released.IsSuccess ? "failed" : "held";
            case ChargeLookup.NotFound:
                return await HandBackAsync(holder, "unknown", ct);
            default:
                return await HandBackAsync(holder, "unavailable", ct);
        }
    }

    /// <summary>Not settled this round: the seized lease is shortened so that the next round (or the client's retry) can go on.</summary>
    private async Task<string> HandBackAsync(KeyHolder holder, string outcome, CancellationToken ct)
    {
        await db.RenewIdempotencyKeyAsync(new RenewIdempotencyRequest(holder.UserId, holder.Key, holder.Fence, 1), ct);
        return outcome;
    }

    private async Task<string> SettleAsync(PaymentRecord payment, KeyHolder holder, PaymentStatus status, string vendorReference, string? reason)
    {
        var set = await db.SetPaymentStatusAsync(payment.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], status, vendorReference, reason, holder));
        if (!set.IsSuccess)
        {
            logger.LogWarning("Reconciler could not settle payment {PaymentId}: {Refusal}", payment.Id, set.ProblemExtension("refusal"));
            return "held";
        }
        var settled = set.Required;
        var answer = status == PaymentStatus.Approved ? PaymentAnswers.Approved(settled, savedCardId: null) : PaymentAnswers.Declined(settled);
        await db.CompleteIdempotencyKeyAsync(new CompleteIdempotencyRequest(holder.UserId, holder.Key, answer.Status, answer.Body, holder.Fence));
        logger.LogInformation("Reconciler settled payment {PaymentId} as {Status}", payment.Id, status);
        return PaymentAnswers.StatusName(status);
    }
}
