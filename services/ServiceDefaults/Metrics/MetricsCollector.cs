using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace EShop.ServiceDefaults.Metrics;

/// <summary>Listens to the runtime's own meters (ASP.NET Core hosting, Kestrel, rate limiting, HttpClient)
/// and the services' "EShop.*" meters, and renders them in the Prometheus text format. Only meters
/// created by this host's IMeterFactory are taken, so several hosts in one process stay apart.</summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly string[] MeterPrefixes =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
         "Microsoft.AspNetCore.Diagnostics", "System.Net.Http", "EShop"];

    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _series = new();

    public MetricsCollector(IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!IsOurs(instrument)) return;
            _series[instrument] = new InstrumentSeries(instrument);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(Record);
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => Record(i, v, t, s));
        _listener.Start();
    }

    private bool IsOurs(Instrument instrument) =>
        ReferenceEquals(instrument.Meter.Scope, _meterFactory) &&
        MeterPrefixes.Any(p => instrument.Meter.Name.StartsWith(p, StringComparison.Ordinal));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (_series.TryGetValue(instrument, out var series)) series.Record(value, tags);
    }

    public string RenderPrometheusText()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var series in _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            series.WriteTo(text);
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();
}
