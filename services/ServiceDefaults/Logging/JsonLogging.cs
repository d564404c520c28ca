using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace EShop.ServiceDefaults.Logging;

public static class JsonLogging
{
    /// <summary>One JSON object per line on stdout, with the request id from the logging scope.</summary>
    public static void AddJsonLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // The framework's per-request lines carry their own connection-based "RequestId" scope; the
        // RequestIdMiddleware writes one access line per request with the propagated id instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }
}
