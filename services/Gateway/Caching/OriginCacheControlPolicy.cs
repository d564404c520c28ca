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

    /// <summary>Runs when the whole answer is in: refuses to store what the origin does not allow. Too late to set the
    /// lifetime: the output cache fixes an entry's lifetime at the answer's first body write (its default, 60 s, unless
    /// set by then), so <see cref="SetLifetimeFromOrigin"/> sets it when the origin's headers arrive.</summary>
    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (StorableLifetime(context.HttpContext.Response) is null) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    /// <summary>The lifetime of the entry being filled for this request, from the proxied answer's headers, before its body
    /// streams: the origin's max-age (or s-maxage), capped.</summary>
    public void SetLifetimeFromOrigin(HttpContext http)
    {
        if (http.Features.Get<IOutputCacheFeature>()?.Context is not { AllowCacheStorage: true } context) return;
        if (StorableLifetime(http.Response) is { } lifetime) context.ResponseExpirationTimeSpan = lifetime < cap ? lifetime : cap;
        else context.AllowCacheStorage = false;
    }

    /// <summary>What is left of the origin's freshness: its lifetime less the <c>Age</c> it already had (an answer from the
    /// origin's own cache), RFC 9111 4.2; null when it may not be stored or is stale already.</summary>
    private static TimeSpan? StorableLifetime(HttpResponse response)
    {
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie)) return null;
        if (Lifetime(response.Headers.CacheControl.ToString()) is not { } lifetime) return null;
        var left = long.TryParse(response.Headers.Age, out var age) && age > 0 ? lifetime - TimeSpan.FromSeconds(age) : lifetime;
        return left > TimeSpan.Zero ? left : null;
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
