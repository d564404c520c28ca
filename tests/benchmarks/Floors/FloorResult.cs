using System.Diagnostics;
using System.Globalization;

namespace EShop.Benchmarks.Floors;

/// <summary>Operations per second and the latency percentiles of one floor run.</summary>
public sealed record FloorResult(double PerSecond, double P50Ms, double P99Ms)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PerSecond:F2} {P50Ms:F2} {P99Ms:F2}");

    /// <summary>Runs <paramref name="operation"/> in a loop on each of <paramref name="workers"/> concurrent workers: a warm-up
    /// of a fifth of the time (not counted), then the measured time.</summary>
    public static async Task<FloorResult> MeasureAsync(int workers, TimeSpan duration, Func<int, Task> operation)
    {
        await RunAsync(workers, duration / 5, operation, latencies: null);
        var latencies = new List<double>[workers];
        for (var i = 0; i < workers; i++) latencies[i] = [];
        var elapsed = await RunAsync(workers, duration, operation, latencies);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0
            ? new FloorResult(0, 0, 0)
            : new FloorResult(all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static async Task<TimeSpan> RunAsync(int workers, TimeSpan duration, Func<int, Task> operation, List<double>[]? latencies)
    {
        var started = Stopwatch.StartNew();
        var end = started.Elapsed + duration;
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            while (started.Elapsed < end)
            {
                var begin = Stopwatch.GetTimestamp();
                await operation(Interlocked.Increment(ref counter));
                latencies?[worker].Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            }
        })));
        return started.Elapsed;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
