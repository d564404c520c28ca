using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EShop.ServiceDefaults.Telemetry;

/// <summary>Traces and metrics through OpenTelemetry: W3C <c>traceparent</c> in and out of every hop, Prometheus
/// <c>/metrics</c> from the OpenTelemetry exporter, and OTLP export when the standard <c>OTEL_*</c> variables ask for it.</summary>
public static class OpenTelemetryDefaults
{
    /// <summary>Every meter a service creates for its own figures starts with this (e.g. EShop.Payments).</summary>
    public const string ServiceMeters = "EShop.*";

    public const string MetricsPath = "/metrics";

    public static void AddOpenTelemetryDefaults(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win; the assembly name is the fallback.
            .ConfigureResource(resource => resource.AddService(ServiceName(builder.Configuration, builder.Environment.ApplicationName)))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(ServiceMeters)
                .AddPrometheusExporter());
        // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS etc. itself; without an endpoint
        // there is nothing to send to (the local run and the tests), so it stays off.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
    }

    public static void MapPrometheusMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath);

    internal static string ServiceName(IConfiguration configuration, string applicationName) =>
        configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : applicationName;

    // Probes and scrapes arrive every few seconds: spans of them would drown the requests worth reading.
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
