using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Vendors;

public static class VendorServiceCollectionExtensions
{
    /// <summary>The vendor machinery: routing by brand (validated at startup), resilience, the registry.</summary>
    public static IServiceCollection AddPaymentVendors(this IServiceCollection services)
    {
        services.AddSingleton<VendorRegistry>();
        services.AddSingleton<IConfigureOptions<VendorRouting>, VendorRouting.Builder>();
        services.AddSingleton<IValidateOptions<VendorRouting>, VendorRouting.Validator>();
        services.AddOptions<VendorRouting>().ValidateOnStart();
        return services;
    }

    /// <summary>Registers one vendor adapter, configured from <c>Vendors:&lt;name&gt;</c>, as a typed
    /// HttpClient with its own base address, API key and standard resilience handler (its own breaker).</summary>
    public static IServiceCollection AddPaymentVendor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TVendor>(this IServiceCollection services, string name) where TVendor : class, IPaymentVendor
    {
        services.AddSingleton<IValidateOptions<VendorOptions>>(new VendorOptionsValidator(name));
        // Validated at startup through VendorRouting, which reports all vendors' problems together.
        services.AddOptions<VendorOptions>(name).BindConfiguration($"{VendorOptions.Section}:{name}");
        services.AddSingleton(new VendorRouting.Registration(name));
        services.AddHttpClient<TVendor>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<VendorOptions>>().Get(name);
            http.BaseAddress = options.BaseUrl;
            http.DefaultRequestHeaders.Add(CardProcessorVendor.ApiKeyHeader, options.ApiKey);
            // The resilience handler's attempt and total timeouts govern.
            http.Timeout = Timeout.InfiniteTimeSpan;
        }).AddStandardResilienceHandler().Configure((resilience, provider) =>
            VendorResilience.Configure(resilience, provider.GetRequiredService<IOptionsMonitor<VendorOptions>>().Get(name)));
        services.AddKeyedTransient<IPaymentVendor>(name, (provider, _) => provider.GetRequiredService<TVendor>());
        return services;
    }
}
