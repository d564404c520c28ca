using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EShop.ServiceDefaults.Logging;

public static class JsonLogging
{
    /// <summary>One JSON object per line on stdout; inside a request its scope carries the W3C TraceId and SpanId.</summary>
    public static void AddJsonLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // The framework's per-request lines repeat what the RequestIdMiddleware's one access line says.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<LoggerFactoryOptions>(o =>
            o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }
}
