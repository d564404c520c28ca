using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EShop.Gateway.Edge;

/// <summary>The edge refuses what the services' Kestrel would refuse (64 headers, 16 KiB of headers), with a problem
/// instead of Kestrel's bare answer, and leaves room for the headers it adds itself. Kestrel here accepts far more, so
/// that these checks, not Kestrel, see ordinary oversized requests.</summary>
public static class RequestLimits
{
    public const int MaxHeaderCount = 56;
    public const int MaxHeadersTotalBytes = 14 * 1024;
    public const int MaxHeaderBytes = 8 * 1024;
    public const int MaxTargetBytes = 8 * 1024;

    public static void ConfigureKestrel(KestrelServerOptions kestrel, long maxBodyBytes)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = maxBodyBytes;
        kestrel.Limits.MaxRequestHeaderCount = 1000;
        kestrel.Limits.MaxRequestHeadersTotalSize = 256 * 1024;
        kestrel.Limits.MaxRequestLineSize = 64 * 1024;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
    }

    public static Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetBytes) return Refuse(context, StatusCodes.Status414UriTooLong);

        int count = 0, total = 0;
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
            {
                var size = name.Length + 2 + (value?.Length ?? 0);
                count++;
                total += size;
                if (size > MaxHeaderBytes) return Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge);
            }
        if (count > MaxHeaderCount || total > MaxHeadersTotalBytes) return Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge);

        var maxBody = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength > maxBody)
        {
            // Kestrel cannot read past the limit to keep the connection: say it closes, or the client reuses it and its
            // next request meets a closed socket.
            context.Response.Headers.Connection = "close";
            return Refuse(context, StatusCodes.Status413PayloadTooLarge);
        }
        return next();
    }

    // An empty answer with the status: the status-code pages write the problem.
    private static Task Refuse(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
