using EShop.Gateway.Routing;
using Microsoft.AspNetCore.OutputCaching;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EShop.Gateway.Caching;

/// <summary>ASP.NET Core output caching on the proxied routes under <see cref="OriginCacheControlPolicy"/>: popular public
/// GETs (the catalogue) are answered at the edge for as long as the origin allows, capped by Gateway__MicroCacheSeconds
/// (0 turns the cache off).</summary>
public static class EdgeCaching
{
    public const string Policy = "edge-micro-cache";

    public static IServiceCollection AddEdgeCaching(this IServiceCollection services, GatewayOptions options)
    {
        var policy = new OriginCacheControlPolicy(TimeSpan.FromSeconds(options.MicroCacheSeconds));
        services.AddSingleton(policy);
        services.AddOutputCache(o => o.AddPolicy(Policy, policy));
        return services;
    }

    /// <summary>A proxied answer's headers decide its entry's lifetime (see <see cref="OriginCacheControlPolicy.SetLifetimeFromOrigin"/>).</summary>
    public static void AddOriginLifetime(TransformBuilderContext context)
    {
        var policy = context.Services.GetRequiredService<OriginCacheControlPolicy>();
        context.AddResponseTransform(transform =>
        {
            policy.SetLifetimeFromOrigin(transform.HttpContext);
            return ValueTask.CompletedTask;
        });
    }

    public static TBuilder WithEdgeCaching<TBuilder>(this TBuilder endpoints, GatewayOptions options) where TBuilder : IEndpointConventionBuilder =>
        options.MicroCacheSeconds > 0 && options.Mode == "edge" ? endpoints.CacheOutput(Policy) : endpoints;
}
