namespace EShop.PaymentService.Cards;

/// <summary>The networks the service can recognise. Whether a brand is accepted is decided by the
/// configured vendors (<c>Vendors:&lt;Name&gt;:Brands</c>), not here.</summary>
public static class CardBrands
{
    public const string Visa = "Visa";
    public const string Mastercard = "Mastercard";
    public const string Amex = "Amex";
    public const string Discover = "Discover";

    public static readonly IReadOnlyList<CardBrand> All =
    [
        new(Visa, [IinRange.Single(4)], [13, 16, 19], CvcLength: 3),
        new(Mastercard, [new(51, 55), new(2221, 2720)], [16], CvcLength: 3),
        new(Amex, [IinRange.Single(34), IinRange.Single(37)], [15], CvcLength: 4),
        new(Discover, [IinRange.Single(6011), IinRange.Single(65), new(644, 649)], [16, 19], CvcLength: 3),
    ];

    public static CardBrand? Detect(string number) => All.FirstOrDefault(b => b.Matches(number));
}
