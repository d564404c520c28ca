using EShop.Reliability.Checks;
using EShop.Reliability.Load;

namespace EShop.Reliability.Report;

/// <summary>A scenario's figures (printed, never judged) and its invariants (judged).</summary>
public sealed record ScenarioResult(string Name, LoadStats? Load, string Recovery, IReadOnlyList<string> Figures, IReadOnlyList<Check> Checks)
{
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    public static ScenarioResult Crashed(string name, Exception ex) =>
        new(name, null, "-", [], [Check.That("the scenario ran to its end", false, $"{ex.GetType().Name}: {ex.Message}")]);
}
