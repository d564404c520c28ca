using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Limits;
using EShop.PaymentService.Vendors;

namespace EShop.PaymentService.Payments;

/// <summary>The work of the idempotency key's holder. A new payment: check the card and the abuse limits, price the
/// order, record the payment (pending), charge it through its vendor with the payment id as the vendor's idempotency
/// key, record the outcome. A takeover resumes the stored payment instead. Every status change carries the holder's
/// fence, so a holder that lost the key changes nothing. Every final answer, a refused card included, is stored with
/// the key, so a replay always gets the first answer even if the catalogue or the calendar has moved on.</summary>
public sealed class PaymentProcessor(
    DbClient db, PaymentPreparer preparer, PayLimits limits, RequestFingerprint fingerprint, LateApprovals lateApprovals,
    PaymentMetrics metrics, ILogger<PaymentProcessor> logger)
{
    /// <remarks>Runs to the end even if the caller disconnects (no cancellation token): a half-recorded
    /// charge is worse than finishing a bounded amount of work.</remarks>
    public async Task<OwnerOutcome> ProcessAsync(PaymentWork work, PayRequest request)
    {
        var holder = work.Holder;
        // A new claim's resource id was made by this request: there is no payment to resume (one round trip saved).
        var existing = work.New ? null : await db.GetPaymentAsync(work.PaymentId);
        PaymentRecord payment;
        PaymentMeans? means;
        bool createdHere;
        if (existing is { IsSuccess: true })
        {
            payment = existing.Required;
            if (payment.Status != PaymentStatus.Pending) return Settled(payment);
            means = await preparer.ResumeAsync(payment, request, CancellationToken.None);
            if (means is null)
            {
                logger.LogError("Payment {PaymentId} cannot be resumed: its vendor or saved card is gone; the reconciler settles it", payment.Id);
                return new OwnerOutcome.Unfinished(payment.Id, "The payment cannot be continued now; it stays pending and is settled later.", null);
            }
            createdHere = false;
        }
        else
        {
            var cardFingerprint = request.Card is { } card ? fingerprint.OfCard(card.Number) : null;
            if (await limits.CheckNewPaymentAsync(holder.UserId!.Value, cardFingerprint, CancellationToken.None) is { } limited)
                return new OwnerOutcome.Refused(limited);

            var (prepared, problem) = await preparer.PrepareAsync(holder.UserId.Value, request, CancellationToken.None);
            if (prepared is null) return new OwnerOutcome.Final(StoredAnswer.From(problem!.StatusCode, problem.ProblemDetails));

            var (order, prepMeans) = prepared;
            var created = await db.CreatePaymentAsync(new CreatePaymentRequest(work.PaymentId, holder.UserId, order.AmountMinor, order.Currency,
                prepMeans.Vendor.Name, prepMeans.Brand, prepMeans.Last4, prepMeans.SavedCardId, order.Items, holder.Key, cardFingerprint));
            payment = created.Required;
            if (payment.Status != PaymentStatus.Pending) return Settled(payment);
            means = prepMeans;
            createdHere = created.Outcome == DbOutcome.Created;
        }

        var result = await means.Vendor.ChargeAsync(new VendorCharge(payment.Id, payment.AmountMinor, payment.Currency,
            means.Instrument, Tokenize: means.CardToSave is not null), CancellationToken.None);
        metrics.Charged(means.Vendor.Name, result);
        logger.LogInformation("Payment {PaymentId} via {Vendor}: {Outcome}", payment.Id, means.Vendor.Name, result.GetType().Name);

        switch (result)
        {
            case ChargeResult.Approved approved:
                var settled = await SettleAsync(payment, PaymentStatus.Approved, approved.VendorReference, reason: null, holder);
                if (settled is { Status: PaymentStatus.Approved })
                {
                    var savedCardId = means.CardToSave is { } toSave && approved.CardToken is { } token && settled.VendorReference == approved.VendorReference
                        ? await SaveCardAsync(settled.UserId, means, toSave, token)
                        : null;
                    return Final(settled, savedCardId);
                }
                if (settled is { Status: PaymentStatus.Failed })
                    await lateApprovals.VoidAsync(means.Vendor, payment.Id, approved.VendorReference);
                return new OwnerOutcome.Superseded();
            case ChargeResult.Declined declined:
                var refused = await SettleAsync(payment, PaymentStatus.Declined, declined.VendorReference, declined.Reason, holder);
                return refused is { Status: PaymentStatus.Declined } ? Final(refused, null) : new OwnerOutcome.Superseded();
            case ChargeResult.Unavailable { MayHaveCharged: false } unavailable:
                // Only a payment this holder created can be failed: an earlier holder's attempts may have charged. Failing it
                // and releasing the key is one db-service transaction; the retry makes a new payment, this one stays as history.
                return new OwnerOutcome.Unfinished(payment.Id,
                    "The card vendor is unavailable and nothing was charged; retry with the same Idempotency-Key.", unavailable.RetryAfter,
                    ReleaseKey: createdHere, FailPayment: createdHere);
            case ChargeResult.Unavailable unavailable:
                return new OwnerOutcome.Unfinished(payment.Id,
                    "The card vendor did not answer; the payment stays pending and is never charged twice: retry with the same Idempotency-Key.",
                    unavailable.RetryAfter);
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "unknown vendor result");
        }
    }

    /// <summary>A takeover of a payment that an earlier holder already settled answers from the record; a failed one (its
    /// key should have been released with it) releases the key so the retry starts afresh.</summary>
    private static OwnerOutcome Settled(PaymentRecord payment) => payment.Status switch
    {
        PaymentStatus.Approved or PaymentStatus.Cancelled or PaymentStatus.Declined => Final(payment, savedCardId: null),
        _ => new OwnerOutcome.Unfinished(payment.Id, "The earlier attempt charged nothing; retry with the same Idempotency-Key.", null, ReleaseKey: true),
    };

    private static OwnerOutcome Final(PaymentRecord payment, Guid? savedCardId) => new OwnerOutcome.Final(
        payment.Status == PaymentStatus.Declined ? PaymentAnswers.Declined(payment) : PaymentAnswers.Approved(payment, savedCardId));

    /// <summary>pending → <paramref name="status"/> with the holder's fence. Refused: the payment as it is now (settled by
    /// another holder, failed), or null when this holder is stale and the payment still pending (the current holder settles it).</summary>
    private async Task<PaymentRecord?> SettleAsync(PaymentRecord payment, PaymentStatus status, string vendorReference, string? reason, KeyHolder holder)
    {
        var set = await db.SetPaymentStatusAsync(payment.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], status, vendorReference, reason, holder));
        if (set.IsSuccess) return set.Required;
        var current = (await db.GetPaymentAsync(payment.Id)).Required;
        logger.LogWarning("Payment {PaymentId} not set {Status} by fence {Fence}: it is {Current} ({Refusal})",
            payment.Id, status, holder.Fence, current.Status, set.ProblemExtension("refusal"));
        return current.Status == PaymentStatus.Pending ? null : current;
    }

    /// <summary>Stores the vendor's token (never the number). The charge is approved either way, so a failure
    /// here is logged and the answer simply carries no saved card id.</summary>
    private async Task<Guid?> SaveCardAsync(Guid userId, PaymentMeans means, Cards.ValidatedCard card, string token)
    {
        try
        {
            var saved = await db.CreateCardAsync(new CreateCardRequest(userId, means.Vendor.Name, token, means.Brand, means.Last4,
                card.ExpiryMonth, card.ExpiryYear, card.HolderName));
            if (saved.IsSuccess) return saved.Required.Id;
            logger.LogWarning("Card could not be saved for user {UserId}: db-service answered {Outcome}", userId, saved.Outcome);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Card could not be saved for user {UserId}: {Reason}", userId, ex.Message);
        }
        return null;
    }
}
