using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace EShop.Gateway.Caching;

/// <summary>The edge's micro-cache: stores an answer only as the origin allows it, and for at most
/// <see cref="EdgeCaching"/>'s cap. A GET or HEAD without Authorization is looked up; a 200 is stored only with a
/// <c>Cache-Control</c> of <c>public</c> or <c>max-age</c>/<c>s-maxage</c> above zero and without <c>no-store</c>, <c>no-cache</c>,
/// <c>private</c> or <c>Set-Cookie</c>. A stored ETag answers a matching If-None-Match with 304 (the output cache does that).</summary>
public sealed class OriginCacheControlPolicy(TimeSpan cap) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !request.Headers.ContainsKey(HeaderNames.Authorization);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = cacheable;
        context.CacheVaryByRules.QueryKeys = "*";
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // The stored answer carries the first request's X-Request-Id; this request's own id replaces it (this callback
        // runs before the one RequestId registered, which keeps a header already present).
        var http = context.HttpContext;
        http.Response.OnStarting(() =>
        {
            if (http.Items[Edge.RequestId.Header] is string id) http.Response.Headers[Edge.RequestId.Header] = id;
            return Task.CompletedTask;
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie)
            || Lifetime(response.Headers.CacheControl.ToString()) is not { } lifetime)
        {
            context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
        context.ResponseExpirationTimeSpan = lifetime < cap ? lifetime : cap;
        return ValueTask.CompletedTask;
    }

    /// <summary>How long the origin lets a shared cache keep the answer; null when it may not be stored.</summary>
    public static TimeSpan? Lifetime(string cacheControl)
    {
        if (string.IsNullOrWhiteSpace(cacheControl) || !CacheControlHeaderValue.TryParse(cacheControl, out var parsed) || parsed is null) return null;
        if (parsed.NoStore || parsed.NoCache || parsed.Private) return null;
        var lifetime = parsed.SharedMaxAge ?? parsed.MaxAge;
        return lifetime is { } positive && positive > TimeSpan.Zero ? positive : null;
    }
}
