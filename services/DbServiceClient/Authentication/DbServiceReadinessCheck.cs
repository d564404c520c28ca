using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EShop.DbServiceClient.Authentication;

/// <summary>A service that checks bearer tokens is ready only while db-service is (it resolves every token):
/// asks db-service's /readyz with a short timeout.</summary>
public sealed class DbServiceReadinessCheck(IHttpClientFactory httpFactory, IOptions<DbServiceOptions> options) : IHealthCheck
{
    public const string Name = "db-service";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var http = httpFactory.CreateClient(Name);
        http.Timeout = Timeout;
        try
        {
            using var response = await http.GetAsync(new Uri(new Uri(options.Value.DbService.TrimEnd('/') + "/"), "readyz"), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"db-service /readyz answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("db-service is unreachable");
        }
    }
}
