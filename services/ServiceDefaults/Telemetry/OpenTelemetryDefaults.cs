using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EShop.ServiceDefaults.Telemetry;

/// <summary>Traces and metrics through OpenTelemetry: W3C <c>traceparent</c> in and out of every hop, Prometheus
/// <c>/metrics</c> from the OpenTelemetry exporter, and traces exported by OTLP when the standard <c>OTEL_*</c> variables
/// name an endpoint (in the cluster: the collector, which sends them to X-Ray).</summary>
public static class OpenTelemetryDefaults
{
    public const string MetricsPath = "/metrics";

    public static void AddOpenTelemetryDefaults(this WebApplicationBuilder builder)
    {
        var exportTraces = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME names the service (the assembly name is the fallback); OTEL_RESOURCE_ATTRIBUTES adds the rest.
            .ConfigureResource(resource => resource.AddService(ServiceName(builder.Configuration, builder.Environment.ApplicationName)))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
                    .AddHttpClientInstrumentation();
                // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS etc. itself. Without an endpoint
                // there is nothing to send to (the local run, the tests). Metrics stay on the Prometheus scrape and
                // logs on stdout (Fluent Bit ships them), so neither is sent twice.
                if (exportTraces) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics => metrics
                .AddRuntimeInstrumentation()
                // No cached scrape: a scrape right after a change must show it (Prometheus scrapes every 30 s anyway).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        // The framework's and the services' meters come from this host's IMeterFactory: enabling them through the
        // host's metrics builder with the Local scope (not with AddMeter, which matches by name in the whole
        // process) keeps each host's /metrics to its own requests, also where tests run several hosts in one process.
        foreach (var meter in HostMeters) builder.Metrics.EnableMetrics(meter, null, OpenTelemetryListener, MeterScope.Local);
    }

    /// <summary>The name of the SDK's <see cref="IMetricsListener"/>.</summary>
    private const string OpenTelemetryListener = "OpenTelemetry";

    /// <summary>ASP.NET Core (hosting, Kestrel, routing, rate limiting, authentication...), IHttpClientFactory's clients and
    /// the services' own meters (EShop.*). Rules match a meter name and the names below it.</summary>
    private static readonly string[] HostMeters = ["Microsoft.AspNetCore", "System.Net.Http", "EShop"];

    public static void MapPrometheusMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath);

    internal static string ServiceName(IConfiguration configuration, string applicationName) =>
        configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : applicationName;

    // Probes and scrapes arrive every few seconds: spans of them would drown the requests worth reading.
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
