using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Vendors;

namespace EShop.PaymentService.Payments;

/// <summary>The work of the idempotency key's holder: check the card and price the order, record the payment
/// (pending), charge it through its vendor with the payment id as the vendor's idempotency key, record the
/// outcome. Every final answer, a refused card included, is stored with the key, so a replay always gets
/// the first answer even if the catalogue or the calendar has moved on.</summary>
public sealed class PaymentProcessor(DbClient db, PaymentPreparer preparer, PaymentMetrics metrics, ILogger<PaymentProcessor> logger)
{
    private static readonly PaymentStatus[] Unsettled = [PaymentStatus.Pending, PaymentStatus.Failed];

    /// <remarks>Runs to the end even if the caller disconnects (no cancellation token): a half-recorded
    /// charge is worse than finishing a bounded amount of work.</remarks>
    public async Task<OwnerOutcome> ProcessAsync(Guid paymentId, Guid userId, PayRequest request)
    {
        var (prepared, problem) = await preparer.PrepareAsync(userId, request, CancellationToken.None);
        if (prepared is null) return new OwnerOutcome.Final(StoredAnswer.From(problem!.StatusCode, problem.ProblemDetails));

        var (order, means) = prepared;
        var created = await db.CreatePaymentAsync(new CreatePaymentRequest(paymentId, userId, order.AmountMinor, order.Currency,
            means.Vendor.Name, means.Brand, means.Last4, means.SavedCardId, order.Items));
        var payment = created.Required;
        // A takeover of a payment that an earlier holder already settled: answer from the record.
        if (payment.Status is not (PaymentStatus.Pending or PaymentStatus.Failed)) return Final(payment, savedCardId: null);

        var result = await means.Vendor.ChargeAsync(new VendorCharge(payment.Id, payment.AmountMinor, payment.Currency,
            means.Instrument, Tokenize: means.CardToSave is not null), CancellationToken.None);
        metrics.Charged(means.Vendor.Name, result);
        logger.LogInformation("Payment {PaymentId} via {Vendor}: {Outcome}", payment.Id, means.Vendor.Name, result.GetType().Name);

        switch (result)
        {
            case ChargeResult.Approved approved:
                payment = await SetStatusAsync(payment, PaymentStatus.Approved, approved.VendorReference, reason: null);
                var savedCardId = means.CardToSave is { } card && approved.CardToken is { } token
                    ? await SaveCardAsync(userId, means, card, token)
                    : null;
                return Final(payment, savedCardId);
            case ChargeResult.Declined declined:
                payment = await SetStatusAsync(payment, PaymentStatus.Declined, declined.VendorReference, declined.Reason);
                return Final(payment, savedCardId: null);
            case ChargeResult.Unavailable { MayHaveCharged: false } unavailable:
                // Only a payment this request created can be marked failed: an earlier holder's attempts may have charged.
                // Once it is failed, the key's claim is released: the retry makes a new payment, this one stays as history.
                var failed = created.Outcome == DbOutcome.Created
                    && (await db.SetPaymentStatusAsync(payment.Id, new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Failed, null, "vendor unavailable"))).IsSuccess;
                return new OwnerOutcome.Unfinished(payment.Id,
                    "The card vendor is unavailable and nothing was charged; retry with the same Idempotency-Key.", unavailable.RetryAfter, Release: failed);
            case ChargeResult.Unavailable unavailable:
                return new OwnerOutcome.Unfinished(payment.Id,
                    "The card vendor did not answer in time; the payment stays pending and is never charged twice: retry with the same Idempotency-Key.",
                    unavailable.RetryAfter);
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "unknown vendor result");
        }
    }

    private static OwnerOutcome Final(PaymentRecord payment, Guid? savedCardId) => new OwnerOutcome.Final(
        payment.Status == PaymentStatus.Declined ? PaymentAnswers.Declined(payment) : PaymentAnswers.Approved(payment, savedCardId));

    /// <summary>Compare-and-set from pending/failed; if another holder settled it first, its record wins.</summary>
    private async Task<PaymentRecord> SetStatusAsync(PaymentRecord payment, PaymentStatus status, string vendorReference, string? reason)
    {
        var set = await db.SetPaymentStatusAsync(payment.Id, new SetPaymentStatusRequest(Unsettled, status, vendorReference, reason));
        return set.Outcome == DbOutcome.Conflict ? (await db.GetPaymentAsync(payment.Id)).Required : set.Required;
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
