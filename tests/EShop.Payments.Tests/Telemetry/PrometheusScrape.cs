using System.Globalization;
using System.Text.RegularExpressions;

namespace EShop.Payments.Tests.Telemetry;

/// <summary>Reads values out of a Prometheus text scrape.</summary>
public static partial class PrometheusScrape
{
    /// <summary>The sum of every <paramref name="name"/> series that carries all of <paramref name="labels"/> (other labels,
    /// such as otel_scope_name, may be present). In-process tests host several services in one process, and the
    /// OpenTelemetry SDK listens to meters by name, so compare differences rather than absolute values.</summary>
    public static double Sum(string scrape, string name, params (string Label, string Value)[] labels) =>
        Sample().Matches(scrape)
            .Where(m => m.Groups["name"].Value == name)
            .Where(m => labels.All(l => m.Groups["labels"].Value.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)""", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
