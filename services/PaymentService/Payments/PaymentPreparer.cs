using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using EShop.PaymentService.Cards;
using EShop.PaymentService.Vendors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.PaymentService.Payments;

/// <summary>How the order is paid: the vendor, what it charges (card or token), and what the answer shows.</summary>
public sealed record PaymentMeans(IPaymentVendor Vendor, PaymentInstrument Instrument, string Brand, string Last4, Guid? SavedCardId, ValidatedCard? CardToSave);

public sealed record PreparedPayment(PricedOrder Order, PaymentMeans Means);

/// <summary>Checks the card (new or saved), picks its vendor and prices the order; or, for a takeover, resumes the
/// stored payment as it was recorded.</summary>
public sealed class PaymentPreparer(DbClient db, CardValidator cards, VendorRegistry vendors, OrderPricing pricing, TimeProvider clock)
{
    private const int Unprocessable = StatusCodes.Status422UnprocessableEntity;

    public async Task<(PreparedPayment? Payment, ProblemHttpResult? Problem)> PrepareAsync(Guid userId, PayRequest request, CancellationToken ct)
    {
        var (means, problem) = request.Card is { } card
            ? NewCard(card)
            : await SavedCardAsync(userId, request.SavedCardId!.Value, ct);
        if (means is null) return (null, problem);

        var (order, pricingProblem) = await pricing.PriceAsync(request.Items!, ct);
        return order is null ? (null, pricingProblem) : (new PreparedPayment(order, means), null);
    }

    /// <summary>The means of a stored payment for a takeover: its vendor and card as recorded, not re-validated (the cart,
    /// the card's expiry or its vendor routing may have changed since; the amount is the stored one). Null when the
    /// stored means are gone (vendor no longer configured, saved card deleted).</summary>
    public async Task<PaymentMeans?> ResumeAsync(PaymentRecord payment, PayRequest request, CancellationToken ct)
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
        if (payment.CardId is not { } cardId || await db.GetCardAsync(cardId, ct) is not { IsSuccess: true } found) return null;
        return new PaymentMeans(vendor, new PaymentInstrument.SavedCard(found.Required.VendorToken), payment.Brand, payment.Last4, cardId, null);
    }

    private (PaymentMeans?, ProblemHttpResult?) NewCard(CardInput input)
    {
        var check = cards.Check(input);
        if (check.Card is not { } card) return (null, PaymentProblems.Fields(check.Status, check.Errors));
        if (vendors.ForBrand(card.Brand.Name) is not { } vendor)
            return (null, PaymentProblems.Field(Unprocessable, "card.number", $"{card.Brand.Name} cards are not accepted"));
        return (new PaymentMeans(vendor, new PaymentInstrument.NewCard(card), card.Brand.Name, card.Last4,
            SavedCardId: null, CardToSave: input.Save ? card : null), null);
    }

    private async Task<(PaymentMeans?, ProblemHttpResult?)> SavedCardAsync(Guid userId, Guid cardId, CancellationToken ct)
    {
        var found = await db.GetCardAsync(cardId, ct);
        // Someone else's card is answered exactly like a missing one.
        if (found.Outcome == DbOutcome.NotFound || found.Required.UserId != userId)
            return (null, PaymentProblems.Field(StatusCodes.Status404NotFound, "savedCardId", "no saved card with this id"));
        var card = found.Required;
        if (CardExpiry.HasExpired(card.ExpiryMonth, card.ExpiryYear, clock.GetUtcNow()))
            return (null, PaymentProblems.Field(Unprocessable, "savedCardId", "the saved card has expired"));
        if (vendors.ByName(card.Vendor) is not { } vendor)
            return (null, PaymentProblems.Field(Unprocessable, "savedCardId", $"the card's vendor {card.Vendor} is no longer available"));
        return (new PaymentMeans(vendor, new PaymentInstrument.SavedCard(card.VendorToken), card.Brand, card.Last4,
            card.Id, CardToSave: null), null);
    }
}
