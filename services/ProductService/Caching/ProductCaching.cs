using EShop.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace EShop.ProductService.Caching;

/// <summary>ASP.NET Core output caching of catalogue pages, one entry per limit/cursor/q. The framework's
/// default rules stay on: only anonymous (no Authorization header) 200 answers are stored, and a stored
/// ETag answers a matching If-None-Match with 304.</summary>
public static class ProductCaching
{
    public const string Policy = "products";

    public static IServiceCollection AddProductCaching(this IServiceCollection services)
    {
        services.AddValidatedOptions<ProductCacheOptions>(ProductCacheOptions.Section);
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<ProductCacheOptions>>((output, cache) =>
            output.AddPolicy(Policy, policy => policy
                .Expire(TimeSpan.FromSeconds(cache.Value.TtlSeconds))
                .SetVaryByQuery("limit", "cursor", "q")));
        return services;
    }

    public static WebApplication UseProductCaching(this WebApplication app)
    {
        app.UseOutputCache();
        return app;
    }
}
