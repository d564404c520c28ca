namespace EShop.UserService.Sessions;

/// <summary>Answers that carry a bearer token must not be kept by any cache (RFC 6749 5.1, OWASP Session
/// Management): every answer of the endpoint, success or problem, gets <c>Cache-Control: no-store</c>.</summary>
public static class NoStore
{
    public static TBuilder WithNoStore<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            return await next(context);
        });
}
