using System.Text.RegularExpressions;

namespace EShop.Payments.Tests.Telemetry;

/// <summary>The metric names that the alert rules and the Grafana dashboard query, read from a committed offline plan
/// (which the infra tests keep in step with the Pulumi program).</summary>
public static partial class PlanMetricNames
{
    public static string PlanPath(string stack)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EShop.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("EShop.sln not found above the test binaries"), "stacks", $"{stack}.plan.yaml");
    }

    /// <summary>Every PromQL expression of the plan: rule <c>expr:</c> lines and the dashboard's <c>"expr"</c> fields.</summary>
    public static IReadOnlyList<string> Expressions(string planText) =>
        [.. ExprLine().Matches(planText).Select(m => m.Groups["yaml"].Success ? m.Groups["yaml"].Value : Regex.Unescape(m.Groups["json"].Value))];

    /// <summary>The series names an expression selects (a name directly before a label matcher).</summary>
    public static IEnumerable<string> MetricsIn(string expression) => SeriesSelector().Matches(expression).Select(m => m.Groups[1].Value);

    /// <summary>Series names exposed in a Prometheus text scrape.</summary>
    public static ISet<string> ScrapedNames(string scrape) =>
        scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleName().Match(l).Value).ToHashSet();

    [GeneratedRegex("""(?:^\s*expr:\s*(?<yaml>.+)$)|(?:"expr":\s*"(?<json>(?:[^"\\]|\\.)*)")""", RegexOptions.Multiline)]
    private static partial Regex ExprLine();

    [GeneratedRegex("""([a-zA-Z_:][a-zA-Z0-9_:]*)\{""")]
    private static partial Regex SeriesSelector();

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*""")]
    private static partial Regex SampleName();
}
