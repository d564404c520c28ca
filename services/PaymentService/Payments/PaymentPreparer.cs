using EShop.DbService.Contracts;
using EShop.PaymentService.Cards;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Vendors;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.PaymentService.Payments;

/// <summary>How the order is paid: the vendor, what it charges (card or token), and what the answer shows.</summary>
public sealed record PaymentMeans(IPaymentVendor Vendor, PaymentInstrument Instrument, string Brand, string Last4, Guid? SavedCardId, ValidatedCard? CardToSave);

/// <summary>A request's means as payment-service decides them before begin, without the database.</summary>
public abstract record PreparedMeans
{
    /// <summary>A new card that passed every check, routed to its vendor.</summary>
    public sealed record NewCard(ValidatedCard Card, IPaymentVendor Vendor, string Fingerprint, bool Save) : PreparedMeans;

    /// <summary>A saved card: begin checks that it is the user's, unexpired and of a vendor this service has.</summary>
    public sealed record SavedCard(Guid Id) : PreparedMeans;

    /// <summary>A card that cannot be charged: a final answer, which begin stores with the key (a replay repeats it).</summary>
    public sealed record Refused(StoredAnswer Answer) : PreparedMeans;
}

/// <summary>The card checks that need no database, before begin (Luhn, brand, lengths, expiry, a vendor for the brand); then
/// the means to charge a payment begin recorded, or, for a takeover, the stored payment's means as they were recorded.</summary>
public sealed class PaymentPreparer(CardValidator cards, VendorRegistry vendors, RequestFingerprint fingerprint, TimeProvider clock)
{
    public PreparedMeans Prepare(PayRequest request)
    {
        if (request.Card is not { } input) return new PreparedMeans.SavedCard(request.SavedCardId!.Value);
        var check = cards.Check(input);
        if (check.Card is not { } card) return Refused(Problems.Fields(check.Status, check.Errors));
        if (vendors.ForBrand(card.Brand.Name) is not { } vendor)
            return Refused(Problems.Field(
                StatusCodes.Status422UnprocessableEntity, "card.number", $"{card.Brand.Name} cards are not accepted"));
        return new PreparedMeans.NewCard(card, vendor, fingerprint.OfCard(card.Number), input.Save);
    }

    /// <summary>What begin records the payment with: exactly one of the three is set.</summary>
    public (NewCardMeans? Card, SavedCardMeans? SavedCard, StoredResponse? Answer) Describe(PreparedMeans means)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return means switch
        {
            PreparedMeans.NewCard c => (new NewCardMeans(c.Vendor.Name, c.Card.Brand.Name, c.Card.Last4, c.Fingerprint), null, null),
            PreparedMeans.SavedCard s => (null, new SavedCardMeans(s.Id, vendors.Names, now.Year, now.Month), null),
            PreparedMeans.Refused r => (null, null, r.Answer.ToResponse()),
            _ => throw new ArgumentOutOfRangeException(nameof(means)),
        };
    }

    /// <summary>The means of a payment begin has just recorded for this request. Null when they are gone (the saved
    /// card's vendor removed meanwhile).</summary>
    public PaymentMeans? ForNew(PaymentRecord payment, PreparedMeans means, string? cardToken) => means switch
    {
        PreparedMeans.NewCard c => new PaymentMeans(c.Vendor, new PaymentInstrument.NewCard(c.Card), payment.Brand, payment.Last4, null, c.Save ? c.Card : null),
        PreparedMeans.SavedCard when cardToken is not null && vendors.ByName(payment.Vendor) is { } vendor =>
            new PaymentMeans(vendor, new PaymentInstrument.SavedCard(cardToken), payment.Brand, payment.Last4, payment.CardId, null),
        _ => null,
    };

    /// <summary>The means of a stored payment for a takeover: its vendor and card as recorded, not re-validated (the cart,
    /// the card's expiry or its vendor routing may have changed since; the amount is the stored one). Null when the
    /// stored means are gone (vendor no longer configured, saved card deleted).</summary>
    public PaymentMeans? Resume(PaymentRecord payment, PayRequest request, string? cardToken)
    {
        if (vendors.ByName(payment.Vendor) is not { } vendor) return null;
        if (request.Card is { } input)
        {
            var number = input.Number.Replace(" ", "", StringComparison.Ordinal);
            if (CardBrands.All.FirstOrDefault(b => b.Name == payment.Brand) is not { } brand || !number.EndsWith(payment.Last4, StringComparison.Ordinal))
                return null;
            var card = new ValidatedCard(brand, number, input.ExpiryMonth, input.ExpiryYear, input.Cvc, input.HolderName.Trim());
            return new PaymentMeans(vendor, new PaymentInstrument.NewCard(card), payment.Brand, payment.Last4, null, input.Save ? card : null);
        }
        if (payment.CardId is not { } cardId || cardToken is null) return null;
        return new PaymentMeans(vendor, new PaymentInstrument.SavedCard(cardToken), payment.Brand, payment.Last4, cardId, null);
    }

    private static PreparedMeans.Refused Refused(ProblemHttpResult problem) =>
        new(StoredAnswer.From(problem.StatusCode, problem.ProblemDetails));
}
