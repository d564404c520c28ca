using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace EShop.ServiceDefaults.Metrics;

/// <summary>The aggregated values of one instrument, one cell per distinct label set.</summary>
internal sealed class InstrumentSeries
{
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] GenericBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly ConcurrentDictionary<string, Cell> _cells = new();
    private readonly double[]? _buckets;
    private readonly string _type;

    public InstrumentSeries(Instrument instrument)
    {
        Name = PrometheusName(instrument);
        Help = instrument.Description ?? instrument.Name;
        var isHistogram = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);
        var isGauge = instrument.GetType().Name.Contains("Gauge") || instrument.GetType().Name.Contains("UpDown");
        _type = isHistogram ? "histogram" : isGauge ? "gauge" : "counter";
        IsObservableGauge = instrument.IsObservable && isGauge;
        if (isHistogram) _buckets = instrument.Unit == "s" ? SecondsBuckets : GenericBuckets;
        else if (_type == "counter") Name += "_total";
    }

    public string Name { get; }
    private string Help { get; }
    private bool IsObservableGauge { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = FormatLabels(tags);
        var cell = _cells.GetOrAdd(labels, _ => new Cell(_buckets?.Length ?? 0));
        lock (cell)
        {
            if (_buckets is not null)
            {
                for (var i = 0; i < _buckets.Length; i++)
                    if (value <= _buckets[i]) cell.BucketCounts[i]++;
                cell.Count++;
                cell.Sum += value;
            }
            else if (IsObservableGauge) cell.Sum = value;
            else cell.Sum += value;
        }
    }

    public void WriteTo(StringBuilder text)
    {
        if (_cells.IsEmpty) return;
        text.Append("# HELP ").Append(Name).Append(' ').Append(Help.Replace("\n", " ")).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
        foreach (var (labels, cell) in _cells.OrderBy(c => c.Key, StringComparer.Ordinal))
            lock (cell)
            {
                if (_buckets is null)
                {
                    Line(text, Name, labels, cell.Sum);
                    continue;
                }
                for (var i = 0; i < _buckets.Length; i++)
                    Line(text, Name + "_bucket", Join(labels, $"le=\"{Number(_buckets[i])}\""), cell.BucketCounts[i]);
                Line(text, Name + "_bucket", Join(labels, "le=\"+Inf\""), cell.Count);
                Line(text, Name + "_sum", labels, cell.Sum);
                Line(text, Name + "_count", labels, cell.Count);
            }
    }

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels.Length == 0 ? "" : "{" + labels + "}").Append(' ').Append(Number(value)).Append('\n');

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
            pairs.Add($"{Sanitize(tag.Key)}=\"{Escape(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")}\"");
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(",", pairs);
    }

    private static string PrometheusName(Instrument instrument)
    {
        var name = Sanitize(instrument.Name);
        return instrument.Unit switch
        {
            "s" => name + "_seconds",
            "By" => name + "_bytes",
            _ => name,
        };
    }

    private static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return new string(chars);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private sealed class Cell(int buckets)
    {
        public readonly long[] BucketCounts = new long[buckets];
        public long Count;
        public double Sum;
    }
}
