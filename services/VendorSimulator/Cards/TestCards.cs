namespace EShop.VendorSimulator.Cards;

/// <summary>The deterministic test cards (all pass the Luhn check; documented in docs/payments.md).
/// Any other number is approved.</summary>
public static class TestCards
{
    private static readonly Dictionary<string, CardBehaviour> Table = new()
    {
        ["4000000000000002"] = CardBehaviour.Decline,
        ["4000000000009995"] = CardBehaviour.InsufficientFunds,
        ["4000000000000077"] = CardBehaviour.Slow,
        ["4000000000000119"] = CardBehaviour.Failure,
        ["5100000000000008"] = CardBehaviour.Decline,
        ["5100000000009991"] = CardBehaviour.InsufficientFunds,
        ["5100000000000073"] = CardBehaviour.Slow,
        ["5100000000000115"] = CardBehaviour.Failure,
        ["340000000000009"] = CardBehaviour.Decline,
        ["340000000009992"] = CardBehaviour.InsufficientFunds,
        ["340000000000074"] = CardBehaviour.Slow,
        ["340000000000116"] = CardBehaviour.Failure,
    };

    public static CardBehaviour BehaviourOf(string number) =>
        Table.TryGetValue(number, out var behaviour) ? behaviour : CardBehaviour.Approve;
}
