using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EShop.ServiceDefaults.Logging;

/// <summary>Makes the request's W3C trace id its one id: the <c>TraceIdentifier</c>, the <c>X-Request-Id</c> answer header
/// and (through the logging scope the host opens for the request's activity) every log line. The id comes in only by
/// <c>traceparent</c>; an incoming X-Request-Id is ignored, so the two can never disagree.
/// The access line is Information for every refused, failed or slow answer and for one in <c>AccessLog__SampleOneIn</c> of the
/// rest (default 1 in Debug builds, 100 in Release); the others are Debug, so the hot path writes no line per request.</summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger, IConfiguration configuration)
{
    public const string HeaderName = "X-Request-Id";
    private const double SlowMs = 1000;
#if DEBUG
    private const int DefaultSampleOneIn = 1;
#else
    private const int DefaultSampleOneIn = 100;
#endif
    private readonly long _sampleOneIn = Math.Max(1, configuration.GetValue("AccessLog:SampleOneIn", DefaultSampleOneIn));
    private long _answered;

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
            var status = context.Response.StatusCode;
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (status >= 400 || elapsedMs >= SlowMs || Interlocked.Increment(ref _answered) % _sampleOneIn == 0)
                Answered(context.Request.Method, context.Request.Path.Value, status, elapsedMs);
            else
                AnsweredUnsampled(context.Request.Method, context.Request.Path.Value, status, elapsedMs);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void Answered(string method, string? path, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void AnsweredUnsampled(string method, string? path, int statusCode, double elapsedMs);
}
