namespace EShop.PaymentService.Cards;

/// <summary>A card that passed every check. The number and CVC live only in memory on their way to the
/// vendor call; nothing that prints this type can show them.</summary>
public sealed record ValidatedCard(CardBrand Brand, string Number, int ExpiryMonth, int ExpiryYear, string Cvc, string HolderName)
{
    public string Last4 => Number[^4..];

    // Records print every member by default; a card must never reach a log line or an exception that way.
    public override string ToString() => $"{Brand.Name} card ending {Last4}";
}
