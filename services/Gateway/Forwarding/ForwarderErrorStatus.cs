using Yarp.ReverseProxy.Forwarder;

namespace EShop.Gateway.Forwarding;

/// <summary>After the last attempt: the status of a forwarding failure, which the status-code pages then answer as a
/// problem (YARP sets the status but writes no body). A body over the limit is the client's 413, not a 502.</summary>
public static class ForwarderErrorStatus
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.GetForwarderErrorFeature() is not { } error || context.Response.HasStarted) return;
        if (FindBadRequest(error.Exception) is { } badRequest) context.Response.StatusCode = badRequest.StatusCode;
        else if (error.Error == ForwarderError.NoAvailableDestinations) context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    private static BadHttpRequestException? FindBadRequest(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is BadHttpRequestException bad) return bad;
        return null;
    }
}
