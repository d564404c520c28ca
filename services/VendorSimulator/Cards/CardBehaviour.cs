namespace EShop.VendorSimulator.Cards;

/// <summary>What the simulator does with a card; decided by the test card table, approve otherwise.</summary>
public enum CardBehaviour
{
    Approve,
    Decline,
    InsufficientFunds,
    /// <summary>Charges, then answers only after <see cref="SimulatorOptions.SlowDelayMilliseconds"/>.</summary>
    Slow,
    /// <summary>Answers 503 "not processed" every time and charges nothing.</summary>
    Failure,
}
