using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace EShop.ServiceDefaults.Logging;

public static class RequestIdPropagation
{
    /// <summary>Every HttpClient made by the factory passes the current request id downstream.</summary>
    public static void AddRequestIdPropagation(this IServiceCollection services)
    {
        services.AddTransient<RequestIdPropagationHandler>();
        services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler<RequestIdPropagationHandler>());
    }
}

public sealed class RequestIdPropagationHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestId = accessor.HttpContext?.TraceIdentifier;
        if (requestId is not null && !request.Headers.Contains(RequestIdMiddleware.HeaderName))
            request.Headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, requestId);
        return base.SendAsync(request, cancellationToken);
    }
}
