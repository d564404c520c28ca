using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EShop.ServiceDefaults.Logging;

/// <summary>Accepts a well-formed X-Request-Id or makes one, echoes it, and puts it in every log line's scope.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var requestId = IsWellFormed(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = requestId;
        // Set when the headers go out, so an answer replayed from the output cache carries this request's id.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        });
        using (logger.BeginScope("RequestId:{RequestId}", requestId))
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                // Path only: query strings may carry values that do not belong in logs.
                logger.LogInformation("{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    // Bounded charset and length: the id lands in logs and downstream headers, so nothing else is trusted.
    private static bool IsWellFormed(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
