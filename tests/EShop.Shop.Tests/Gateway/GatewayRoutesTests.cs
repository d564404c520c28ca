using EShop.Catalog;
using EShop.Gateway.Routing;
using Xunit;

namespace EShop.Shop.Tests.Gateway;

public sealed class GatewayRoutesTests
{
    private static readonly ServiceCatalog Catalog = ServiceCatalog.LoadFromRepository();

    private static GatewayOptions Edge() => new()
    {
        Clusters = Catalog.Services.ToDictionary(s => s.Name, s => new List<string> { "http://127.0.0.1:19001", "http://127.0.0.1:19002" }),
    };

    [Fact]
    public void The_edge_routes_exactly_the_catalogs_public_routes()
    {
        var routes = CatalogRoutes.Routes(Catalog, Edge()).Select(r => $"{Assert.Single(r.Match.Methods!)} {r.Match.Path}").Order().ToList();
        Assert.Equal(Catalog.PublicRoutes.Select(p => $"{p.Route.Method} {p.Route.Path}").Order().ToList(), routes);
    }

    [Fact]
    public void Only_services_with_public_routes_get_a_cluster_and_every_replica_is_a_destination()
    {
        var clusters = CatalogRoutes.Clusters(Catalog, Edge());
        Assert.DoesNotContain(clusters, c => c.ClusterId == "db-service");
        Assert.Equal(Catalog.PublicRoutes.Select(p => p.Service.Name).Distinct().Order(), clusters.Select(c => c.ClusterId).Order());
        Assert.All(clusters, c => Assert.Equal(2, c.Destinations!.Count));
        Assert.All(clusters, c => Assert.Equal("/readyz", c.HealthCheck!.Active!.Path));
    }

    [Fact]
    public void A_service_without_replica_addresses_is_named_at_start_up()
    {
        var options = Edge();
        options.Clusters.Remove("user-service");
        var error = Assert.Throws<InvalidOperationException>(() => CatalogRoutes.Clusters(Catalog, options));
        Assert.Contains("Gateway__Clusters__user-service__0", error.Message);
    }
}
