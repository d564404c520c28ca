using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.ServiceDefaults.Metrics;

public static class PrometheusMetrics
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void AddPrometheusMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<MetricsCollector>();
    }

    public static void MapPrometheusMetrics(this WebApplication app)
    {
        // Resolve now so the listener sees every instrument from the first request on.
        var collector = app.Services.GetRequiredService<MetricsCollector>();
        app.MapGet("/metrics", () => TypedResults.Text(collector.RenderPrometheusText(), ContentType))
            .ExcludeFromDescription();
    }
}
