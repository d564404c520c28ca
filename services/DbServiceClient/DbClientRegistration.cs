using EShop.ServiceDefaults.Configuration;
using EShop.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace EShop.DbServiceClient;

public static class DbClientRegistration
{
    /// <summary>The name of the standard resilience pipeline's options (<see cref="HttpStandardResilienceOptions"/>).</summary>
    public const string ResilienceOptionsName = nameof(DbClient) + "-standard";

    /// <summary>Registers <see cref="DbClient"/> for db-service at Services__DbService, presenting this service's own InternalAuth__Token,
    /// behind the standard resilience handler (see <see cref="DbClientResilience"/>).</summary>
    public static IServiceCollection AddDbServiceClient(this IServiceCollection services)
    {
        services.AddValidatedOptions<DbServiceOptions>(DbServiceOptions.Section);
        services.AddValidatedOptions<InternalAuthOptions>(InternalAuthOptions.Section);
        services.AddHttpClient<DbClient>((provider, http) =>
            {
                http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<DbServiceOptions>>().Value.DbService.TrimEnd('/') + "/");
                // The pipeline's total and per-attempt timeouts bound every call; HttpClient's own would cut retries short.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.Add(InternalAuthOptions.HeaderName, provider.GetRequiredService<IOptions<InternalAuthOptions>>().Value.Token);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = DbClientResilience.ConnectionLifetime })
            .AddStandardResilienceHandler(DbClientResilience.Configure);
        return services;
    }
}
