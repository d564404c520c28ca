using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.AppHost.Shop;

/// <summary>The YARP gateway project as a resource: the edge, or the internal balancer of one service. Its
/// <c>admin</c> endpoint takes replicas out of rotation; each balanced replica gets a "Drain and stop" command that
/// does what Kubernetes does to a terminating pod: out of the rotation first, then SIGTERM.</summary>
public static class Gateway
{
    public const string AdminEndpoint = "admin";
    public const string DrainCommand = "drain-and-stop";
    public const string AdminTokenHeader = "X-Gateway-Admin-Token";

    // The gateway probes /readyz every second: after this pause no new request goes to the replica.
    private static readonly TimeSpan RotationPause = TimeSpan.FromSeconds(2);

    public static IResourceBuilder<ProjectResource> AddGateway(IDistributedApplicationBuilder builder, string repositoryRoot, string name,
        int port, LocalSecrets secrets) =>
        PrebuiltProject.Add(builder, name, "services/Gateway/EShop.Gateway.csproj")
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithHttpEndpoint(port: FreePort.Pick(), name: AdminEndpoint, isProxied: false)
            .WithHttpHealthCheck("/healthz")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithEnvironment("Gateway__Catalog", Path.Combine(repositoryRoot, "services", "catalog.json"))
            .WithEnvironment("Gateway__AdminToken", secrets.GatewayAdminToken)
            .WithEnvironment(context => context.EnvironmentVariables["Gateway__AdminUrl"] =
                context.Resource is IResourceWithEndpoints r ? r.GetEndpoint(AdminEndpoint) : throw new InvalidOperationException());

    public static void AddCluster(IResourceBuilder<ProjectResource> gateway, string service, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas,
        LocalSecrets secrets) => AddReplicas(gateway, $"Gateway__Clusters__{service}", replicas, secrets);

    /// <summary>The service's canary replica group and its weight; the weight changes at run time through the admin
    /// API (<c>PUT /_gateway/canary/{service}</c>).</summary>
    public static void AddCanary(IResourceBuilder<ProjectResource> gateway, string service, int weight,
        IReadOnlyList<IResourceBuilder<ProjectResource>> replicas, LocalSecrets secrets)
    {
        gateway.WithEnvironment($"Gateway__Canaries__{service}__Weight", weight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddReplicas(gateway, $"Gateway__Canaries__{service}__Addresses", replicas, secrets);
    }

    private static void AddReplicas(IResourceBuilder<ProjectResource> gateway, string key, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas,
        LocalSecrets secrets)
    {
        for (var i = 0; i < replicas.Count; i++)
        {
            var replica = replicas[i];
            gateway.WithEnvironment($"{key}__{i}", replica.GetEndpoint("http")).WaitFor(replica);
            replica.WithCommand(DrainCommand, "Drain and stop", context => DrainAndStopAsync(context, gateway.Resource, replica.Resource, secrets),
                new CommandOptions { Description = "Leaves the gateway's rotation, then gets SIGTERM", IconName = "ArrowExit" });
        }
    }

    private static async Task<ExecuteCommandResult> DrainAndStopAsync(ExecuteCommandContext context, ProjectResource gateway,
        ProjectResource replica, LocalSecrets secrets)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(gateway.GetEndpoint(AdminEndpoint).Url), "/_gateway/rotation/out"))
        {
            Content = JsonContent.Create(new { address = replica.GetEndpoint("http").Url }),
        };
        request.Headers.Add(AdminTokenHeader, secrets.GatewayAdminToken);
        using var response = await http.SendAsync(request, context.CancellationToken);
        if (!response.IsSuccessStatusCode) return CommandResults.Failure($"the gateway refused: {(int)response.StatusCode}");
        await Task.Delay(RotationPause, context.CancellationToken);
        var commands = context.Services.GetRequiredService<ResourceCommandService>();
        return await commands.ExecuteCommandAsync(replica, "resource-stop", context.CancellationToken);
    }
}
