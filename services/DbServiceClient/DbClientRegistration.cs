using EShop.ServiceDefaults.Configuration;
using EShop.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EShop.DbServiceClient;

public static class DbClientRegistration
{
    /// <summary>Registers <see cref="DbClient"/> for db-service at Services__DbService, presenting InternalAuth__Token.</summary>
    public static IServiceCollection AddDbServiceClient(this IServiceCollection services)
    {
        services.AddValidatedOptions<DbServiceOptions>(DbServiceOptions.Section);
        services.AddHttpClient<DbClient>((provider, http) =>
        {
            http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<DbServiceOptions>>().Value.DbService.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(10);
            http.DefaultRequestHeaders.Add(InternalAuthOptions.HeaderName, provider.GetRequiredService<IOptions<InternalAuthOptions>>().Value.Token);
        });
        return services;
    }
}
