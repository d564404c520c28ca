using EShop.PaymentService.Payments;

namespace EShop.PaymentService.Cards;

/// <summary>A card check's verdict: the card, or the field errors with the status to answer
/// (400 for a malformed number, 422 for a well-formed card that cannot be charged).</summary>
public sealed record CardCheck(ValidatedCard? Card, int Status, IReadOnlyDictionary<string, string[]> Errors)
{
    public static CardCheck Valid(ValidatedCard card) => new(card, StatusCodes.Status200OK, new Dictionary<string, string[]>());
    public static CardCheck Invalid(int status, string field, string message) => new(null, status, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Luhn, brand from the IIN, number length and CVC length per brand, expiry. Messages never echo
/// the number.</summary>
public sealed class CardValidator(TimeProvider clock)
{
    private const int Unprocessable = StatusCodes.Status422UnprocessableEntity;

    public CardCheck Check(CardInput input)
    {
        var number = Normalise(input.Number);
        if (number is null)
            return CardCheck.Invalid(StatusCodes.Status400BadRequest, "card.number", "must be 12 to 19 digits (spaces allowed between groups)");
        if (!Luhn.IsValid(number))
            return CardCheck.Invalid(Unprocessable, "card.number", "is not a valid card number (Luhn check failed)");
        if (CardBrands.Detect(number) is not { } brand)
            return CardCheck.Invalid(Unprocessable, "card.number", "is of an unknown card brand");
        if (!brand.Lengths.Contains(number.Length))
            return CardCheck.Invalid(Unprocessable, "card.number", $"has the wrong length for a {brand.Name} card ({string.Join(" or ", brand.Lengths)} digits)");
        if (input.Cvc.Length != brand.CvcLength)
            return CardCheck.Invalid(Unprocessable, "card.cvc", $"must be {brand.CvcLength} digits for a {brand.Name} card");
        if (CardExpiry.HasExpired(input.ExpiryMonth, input.ExpiryYear, clock.GetUtcNow()))
            return CardCheck.Invalid(Unprocessable, "card.expiryYear", "the card has expired");
        return CardCheck.Valid(new ValidatedCard(brand, number, input.ExpiryMonth, input.ExpiryYear, input.Cvc, input.HolderName.Trim()));
    }

    private static string? Normalise(string raw)
    {
        var digits = raw.Replace(" ", "", StringComparison.Ordinal);
        return digits.Length is >= 12 and <= 19 && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
