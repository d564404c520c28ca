using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace EShop.Gateway.Forwarding;

/// <summary>YARP has no retries of its own. A request that failed before any answer went back to the client is sent
/// once more to another replica when that is safe: an idempotent method (GET, HEAD, OPTIONS, PUT, DELETE) after any
/// transport failure, any method when the connection was refused (nothing was sent, so nothing can have happened).
/// A POST that reached a replica is never repeated: payment-service's clients retry with their Idempotency-Key.</summary>
public static class RetryOnAnotherReplica
{
    private const int Attempts = 2;

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        var tried = new List<DestinationState>();
        for (var attempt = 1; ; attempt++)
        {
            await next();
            var error = context.GetForwarderErrorFeature();
            if (error is null || context.Response.HasStarted || attempt == Attempts || !IsSafeToRepeat(context.Request.Method, error)) return;
            if (proxy.ProxiedDestination is { } failed) tried.Add(failed);
            var others = candidates.Where(d => !tried.Contains(d)).ToList();
            if (others.Count == 0) return;
            proxy.AvailableDestinations = others;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    private static bool IsSafeToRepeat(string method, IForwarderErrorFeature error)
    {
        if (error.Error is not (ForwarderError.Request or ForwarderError.RequestTimedOut)) return false;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)) return true;
        return IsConnectionRefused(error.Exception);
    }

    private static bool IsConnectionRefused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        return false;
    }
}
