namespace EShop.Reliability.Checks;

/// <summary>One invariant of a scenario and whether it held, with the evidence either way.</summary>
public sealed record Check(string Invariant, bool Passed, string Detail)
{
    public static Check That(string invariant, bool passed, string detail) => new(invariant, passed, detail);
}
