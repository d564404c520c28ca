using System.Globalization;

namespace EShop.Reliability.Load;

public static class OperationFigures
{
    /// <summary>One line per operation: count, p50/p99 and failures.</summary>
    public static IEnumerable<string> Of(IReadOnlyList<RequestRecord> records) =>
        records.GroupBy(r => r.Operation).OrderBy(g => g.Key).Select(g =>
        {
            var sorted = g.Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.ToString().ToLowerInvariant()}: {g.Count()} requests, p50 {LoadStats.Percentile(sorted, 0.5):0.0} ms, p99 {LoadStats.Percentile(sorted, 0.99):0.0} ms, failed {g.Count(r => r.IsServerFailure)}");
        });

    public static string Failures(IEnumerable<RequestRecord> records)
    {
        var failed = records.Where(r => r.IsServerFailure).ToList();
        return failed.Count == 0 ? "none" : LoadStats.Breakdown(failed);
    }
}
