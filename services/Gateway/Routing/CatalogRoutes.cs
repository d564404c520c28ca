using EShop.Catalog;
using EShop.Gateway.Canary;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace EShop.Gateway.Routing;

/// <summary>YARP's routes and clusters from the catalog: exactly the public routes (method and path) in edge mode;
/// everything in internal mode. Unknown paths match nothing and become 404 problems, a known path with another
/// method a 405.</summary>
public static class CatalogRoutes
{
    public static IReadOnlyList<RouteConfig> Routes(ServiceCatalog catalog, GatewayOptions options) => options.Mode == "internal"
        ? [new RouteConfig { RouteId = options.Service!, ClusterId = options.Service!, Match = new RouteMatch { Path = "/{**path}" } }]
        : catalog.PublicRoutes.Select(p => new RouteConfig
        {
            RouteId = $"{p.Service.Name} {p.Route.Method} {p.Route.Path}",
            ClusterId = p.Service.Name,
            Match = new RouteMatch { Path = p.Route.Path, Methods = [p.Route.Method] },
        }).ToList();

    public static IReadOnlyList<ClusterConfig> Clusters(ServiceCatalog catalog, GatewayOptions options)
    {
        var routed = options.Mode == "internal" ? [options.Service!] : catalog.PublicRoutes.Select(p => p.Service.Name).Distinct();
        return routed.Select(service => new ClusterConfig
        {
            ClusterId = service,
            LoadBalancingPolicy = options.Canaries.ContainsKey(service) ? WeightedReplicaGroupsPolicy.Name : LoadBalancingPolicies.RoundRobin,
            Destinations = Destinations(service, ReplicaGroup.Stable, options.Clusters.GetValueOrDefault(service)
                    ?? throw new InvalidOperationException($"Gateway__Clusters__{service}__0 is missing: the replica addresses of {service}"))
                .Concat(Destinations($"{service}-canary", ReplicaGroup.Canary, options.Canaries.GetValueOrDefault(service)?.Addresses ?? []))
                .ToDictionary(),
            HealthCheck = new HealthCheckConfig
            {
                // A replica that turns unready (it got SIGTERM, or its database is gone) leaves the rotation within a second.
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(1),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/readyz",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = TimeSpan.FromSeconds(2),
                },
                AvailableDestinationsPolicy = Rotation.InRotationPolicy.Name,
            },
            Metadata = new Dictionary<string, string> { [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "1" },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) },
        }).ToList();
    }

    private static IEnumerable<KeyValuePair<string, DestinationConfig>> Destinations(string prefix, string group, IEnumerable<string> addresses) =>
        addresses.Select((address, i) => KeyValuePair.Create($"{prefix}-{i + 1}", new DestinationConfig
        {
            Address = address,
            Metadata = new Dictionary<string, string> { [ReplicaGroup.MetadataKey] = group },
        }));
}
