using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Payments;
using EShop.PaymentService.Vendors;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Reconciliation;

/// <summary>Settles one payment left pending (its holder gone, or the vendor's answer never came): takes its key over
/// with a new fence (so the old holder can change nothing), asks the vendor for the charge under the payment id, and
/// settles through finish (one transaction each): approved/declined with the stored answer completed, so a late retry gets
/// the truth; no charge past <see cref="PaymentOptions.FailAfterSeconds"/>: failed and the key released. Returns the outcome.</summary>
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
                // No charge stands at the vendor (none made, or voided there): nothing is owed; failed and released together.
                var released = await db.FinishPaymentAsync(new FinishPaymentRequest(holder, payment.Id, PaymentStatus.Failed, null,
                    "no charge at the vendor after the reconciliation deadline"), ct);
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

    /// <summary>pending → approved/declined and the stored answer completed, in one finish under the seized fence.</summary>
    private async Task<string> SettleAsync(PaymentRecord payment, KeyHolder holder, PaymentStatus status, string vendorReference, string? reason)
    {
        var answer = status == PaymentStatus.Approved
            ? PaymentAnswers.Approved(payment with { Status = status }, savedCardId: null)
            : PaymentAnswers.Declined(payment);
        var finished = await db.FinishPaymentAsync(new FinishPaymentRequest(holder, payment.Id, status, vendorReference, reason, answer.ToResponse()));
        if (!finished.IsSuccess)
        {
            logger.LogWarning("Reconciler could not settle payment {PaymentId}: {Refusal}", payment.Id, finished.ProblemExtension("refusal"));
            return "held";
        }
        logger.LogInformation("Reconciler settled payment {PaymentId} as {Status}", payment.Id, status);
        return PaymentAnswers.StatusName(status);
    }
}
