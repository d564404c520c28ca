using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EShop.Gateway.Edge;

/// <summary>Keeps a caller's well-formed X-Request-Id, otherwise takes the request's W3C trace id (the one the services
/// use as theirs), so that an answer the edge gives itself (a problem, a cached page) names the same id a proxied one
/// would; the services log and propagate it.</summary>
public static partial class RequestId
{
    public const string Header = "X-Request-Id";

    public static Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var presented = context.Request.Headers[Header];
        var id = presented.Count == 1 && WellFormed().IsMatch(presented[0]!) ? presented[0]! : TraceId(context) ?? context.TraceIdentifier;
        context.Request.Headers[Header] = id;
        context.Items[Header] = id;
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey(Header)) context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next();
    }

    // The caller's traceparent first: an activity of this process is the request's only when a listener made one for it.
    private static string? TraceId(HttpContext context) =>
        ActivityContext.TryParse(context.Request.Headers.TraceParent, null, out var caller) ? caller.TraceId.ToHexString()
        : Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString()
        : null;

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex WellFormed();
}
