using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Vendors;

namespace EShop.PaymentService.Payments;

/// <summary>The work of the idempotency key's holder, once begin has recorded the payment (pending) or handed over an
/// earlier holder's: charge it through its vendor with the payment id as the vendor's idempotency key, then record the
/// outcome and complete the key in one call (finish) under the holder's fence, so a holder that lost the key changes
/// nothing. A takeover resumes the stored payment as it was recorded. Every final answer is stored with the key, so a
/// replay always gets the first answer even if the catalogue or the calendar has moved on.</summary>
public sealed class PaymentProcessor(
    DbClient db, PaymentPreparer preparer, LateApprovals lateApprovals, PaymentMetrics metrics, ILogger<PaymentProcessor> logger)
{
    /// <remarks>Runs to the end even if the caller disconnects (no cancellation token): a half-recorded
    /// charge is worse than finishing a bounded amount of work.</remarks>
    public async Task<OwnerOutcome> ProcessAsync(PaymentWork work, PayRequest request, PreparedMeans prepared)
    {
        var (payment, holder) = (work.Payment, work.Holder);
        if (payment.Status != PaymentStatus.Pending) return await SettledEarlierAsync(payment, holder);
        var means = work.Created ? preparer.ForNew(payment, prepared, work.CardToken) : preparer.Resume(payment, request, work.CardToken);
        if (means is null)
        {
            logger.LogError("Payment {PaymentId} cannot be charged: its vendor or saved card is gone; the reconciler settles it", payment.Id);
            return new OwnerOutcome.Pending(payment.Id, "The payment cannot be continued now; it stays pending and is settled later.", null);
        }

        var result = await means.Vendor.ChargeAsync(new VendorCharge(payment.Id, payment.AmountMinor, payment.Currency,
            means.Instrument, Tokenize: means.CardToSave is not null), CancellationToken.None);
        metrics.Charged(means.Vendor.Name, result);
        logger.LogInformation("Payment {PaymentId} via {Vendor}: {Outcome}", payment.Id, means.Vendor.Name, result.GetType().Name);

        switch (result)
        {
            case ChargeResult.Approved approved:
                return await ApprovedAsync(payment, holder, means, approved);
            case ChargeResult.Declined declined:
                var refusal = PaymentAnswers.Declined(payment);
                return (await FinishAsync(payment, holder, PaymentStatus.Declined, declined.VendorReference, declined.Reason, refusal)).IsSuccess
                    ? new OwnerOutcome.Answered(refusal)
                    : new OwnerOutcome.Superseded();
            case ChargeResult.Unavailable { MayHaveCharged: false } unavailable:
                const string notCharged = "The card vendor is unavailable and nothing was charged; retry with the same Idempotency-Key.";
                // Only a payment begin created for this request can be failed: an earlier holder's attempts may have charged.
                if (!work.Created) return new OwnerOutcome.Pending(payment.Id, notCharged, unavailable.RetryAfter);
                // Failing it and releasing the key is one transaction; the retry makes a new payment, this one stays as history.
                return (await FinishAsync(payment, holder, PaymentStatus.Failed, null, "vendor unavailable: not processed", answer: null)).IsSuccess
                    ? new OwnerOutcome.Released(payment.Id, notCharged, unavailable.RetryAfter)
                    : new OwnerOutcome.Superseded();
            case ChargeResult.Unavailable unavailable:
                return new OwnerOutcome.Pending(payment.Id,
                    "The card vendor did not answer; the payment stays pending and is never charged twice: retry with the same Idempotency-Key.",
                    unavailable.RetryAfter);
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "unknown vendor result");
        }
    }

    /// <summary>pending → approved with the answer stored, and the card saved in the same transaction when asked. A card
    /// db-service refuses is left out (the charge stands either way). A refusal because the payment is failed (its key
    /// released: a retry may have charged a new payment) is a late approval, voided at once.</summary>
    private async Task<OwnerOutcome> ApprovedAsync(PaymentRecord payment, KeyHolder holder, PaymentMeans means, ChargeResult.Approved approved)
    {
        var card = means.CardToSave is { } toSave && approved.CardToken is { } token
            ? new CardToSave(Guid.CreateVersion7(), means.Vendor.Name, token, means.Brand, means.Last4, toSave.ExpiryMonth, toSave.ExpiryYear, toSave.HolderName)
            : null;
        var answer = PaymentAnswers.Approved(payment with { Status = PaymentStatus.Approved }, card?.Id);
        var finished = await FinishAsync(payment, holder, PaymentStatus.Approved, approved.VendorReference, null, answer, card);
        // Refused for the card, not for the fence (no "refusal"): nothing changed, so finish again without it.
        if (card is not null && !finished.IsSuccess && finished.ProblemExtension("refusal") is null)
        {
            logger.LogWarning("Card could not be saved for user {UserId}: db-service answered {Outcome}", payment.UserId, finished.Outcome);
            answer = PaymentAnswers.Approved(payment with { Status = PaymentStatus.Approved }, savedCardId: null);
            finished = await FinishAsync(payment, holder, PaymentStatus.Approved, approved.VendorReference, null, answer);
        }
        if (finished.IsSuccess) return new OwnerOutcome.Answered(answer);
        if (finished.ProblemExtension("currentStatus") == PaymentAnswers.StatusName(PaymentStatus.Failed))
            await lateApprovals.VoidAsync(means.Vendor, payment.Id, approved.VendorReference);
        return new OwnerOutcome.Superseded();
    }

    /// <summary>A takeover of a payment an earlier holder settled without storing the key's answer (possible only for
    /// records of the version that did both in two calls): the answer comes from the record, and finish stores it (or
    /// releases the key of a payment that charged nothing) without changing the payment.</summary>
    private async Task<OwnerOutcome> SettledEarlierAsync(PaymentRecord payment, KeyHolder holder)
    {
        if (FinishPaymentRequest.ReleasesKey(payment.Status))
            return (await FinishAsync(payment, holder, payment.Status, null, null, answer: null)).IsSuccess
                ? new OwnerOutcome.Released(payment.Id, "The earlier attempt charged nothing; retry with the same Idempotency-Key.", null)
                : new OwnerOutcome.Superseded();
        var answer = payment.Status == PaymentStatus.Declined ? PaymentAnswers.Declined(payment) : PaymentAnswers.Approved(payment, savedCardId: null);
        return (await FinishAsync(payment, holder, payment.Status, null, null, answer)).IsSuccess
            ? new OwnerOutcome.Answered(answer)
            : new OwnerOutcome.Superseded();
    }

    private async Task<DbResult<FinishedPayment>> FinishAsync(
        PaymentRecord payment, KeyHolder holder, PaymentStatus status, string? vendorReference, string? reason, StoredAnswer? answer, CardToSave? card = null)
    {
        var finished = await db.FinishPaymentAsync(new FinishPaymentRequest(holder, payment.Id, status, vendorReference, reason, answer?.ToResponse(), card));
        if (finished.Outcome == DbOutcome.Conflict)
            logger.LogWarning("Payment {PaymentId} not finished {Status} by fence {Fence}: it is {Current} ({Refusal})",
                payment.Id, status, holder.Fence, finished.ProblemExtension("currentStatus"), finished.ProblemExtension("refusal"));
        return finished;
    }
}
