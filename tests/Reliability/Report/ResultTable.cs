using System.Globalization;
using System.Text;

namespace EShop.Reliability.Report;

/// <summary>The suite's final report: one Markdown table row per scenario, then each scenario's figures and invariants.</summary>
public static class ResultTable
{
    public static string Render(IReadOnlyList<ScenarioResult> results, string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(machine).AppendLine();
        text.AppendLine("| # | scenario | requests | req/s | p50 ms | p99 ms | failed (5xx or no answer) | other non-2xx | recovery | verdict |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            var l = r.Load;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {i + 1} | {r.Name} | {l?.Requests.ToString() ?? "-"} | {Num(l?.PerSecond)} | {Num(l?.P50Ms)} | {Num(l?.P99Ms)} | {l?.Failed.ToString() ?? "-"} | {l?.OtherNon2xx.ToString() ?? "-"} | {r.Recovery} | {(r.Passed ? "PASS" : "FAIL")} |"));
        }
        foreach (var r in results)
        {
            text.AppendLine().AppendLine($"{r.Name}: {(r.Passed ? "PASS" : "FAIL")}");
            foreach (var figure in r.Figures) text.AppendLine($"  - {figure}");
            foreach (var check in r.Checks) text.AppendLine($"  [{(check.Passed ? "ok" : "FAILED")}] {check.Invariant}: {check.Detail}");
        }
        return text.ToString();
    }

    private static string Num(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) : "-";
}
