namespace EShop.PaymentService.Cards;

/// <summary>A card network: the IIN (leading digits) ranges that identify it, its number lengths and CVC length.</summary>
public sealed record CardBrand(string Name, IReadOnlyList<IinRange> Ranges, IReadOnlyList<int> Lengths, int CvcLength)
{
    public bool Matches(string number) => Ranges.Any(r => r.Contains(number));
}

/// <summary>A range of number prefixes of equal width, e.g. 2221..2720.</summary>
public sealed record IinRange(int From, int To)
{
    private readonly int _width = From.ToString().Length;

    public static IinRange Single(int prefix) => new(prefix, prefix);

    public bool Contains(string number) =>
        number.Length >= _width && int.TryParse(number.AsSpan(0, _width), out var prefix) && prefix >= From && prefix <= To;
}
