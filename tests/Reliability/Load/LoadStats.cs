namespace EShop.Reliability.Load;

/// <summary>Throughput, latency percentiles and failure counts of a set of requests.</summary>
public sealed record LoadStats(int Requests, double PerSecond, double P50Ms, double P99Ms, int Failed, int OtherNon2xx)
{
    public static LoadStats Of(IReadOnlyCollection<RequestRecord> records, TimeSpan elapsed)
    {
        var latencies = records.Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
        return new LoadStats(
            records.Count,
            elapsed.TotalSeconds > 0 ? records.Count / elapsed.TotalSeconds : 0,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            records.Count(r => r.IsServerFailure),
            records.Count(r => !r.IsServerFailure && r.Status is < 200 or >= 300));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>"503 x12, 0 x3" for a compact report of what failed.</summary>
    public static string Breakdown(IEnumerable<RequestRecord> records) =>
        string.Join(", ", records.GroupBy(r => (r.Operation, r.Status)).OrderBy(g => g.Key.Operation).ThenBy(g => g.Key.Status)
            .Select(g => $"{g.Key.Operation.ToString().ToLowerInvariant()} {(g.Key.Status == 0 ? "no answer" : g.Key.Status.ToString())} x{g.Count()}"));
}
