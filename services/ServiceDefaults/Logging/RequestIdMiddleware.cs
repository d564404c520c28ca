using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EShop.ServiceDefaults.Logging;

/// <summary>Makes the request's W3C trace id its one id: the <c>TraceIdentifier</c>, the <c>X-Request-Id</c> answer header
/// and (through the logging scope the host opens for the request's activity) every log line. The id comes in only by
/// <c>traceparent</c>; an incoming X-Request-Id is ignored, so the two can never disagree.</summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        context.TraceIdentifier = traceId;
        // Set when the headers go out, so an answer replayed from the output cache carries this request's id.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = traceId;
            return Task.CompletedTask;
        });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // Path only: query strings may carry values that do not belong in logs.
            Answered(context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void Answered(string method, string? path, int statusCode, double elapsedMs);
}
