using System.Text.RegularExpressions;

namespace EShop.Gateway.Edge;

/// <summary>Keeps a caller's well-formed X-Request-Id, otherwise makes one; the services log and propagate it, and the
/// gateway's own answers carry it too.</summary>
public static partial class RequestId
{
    public const string Header = "X-Request-Id";

    public static Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var presented = context.Request.Headers[Header];
        var id = presented.Count == 1 && WellFormed().IsMatch(presented[0]!) ? presented[0]! : context.TraceIdentifier;
        context.Request.Headers[Header] = id;
        context.Items[Header] = id;
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey(Header)) context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next();
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex WellFormed();
}
