using EShop.DevEnvironment.Catalog;
using EShop.DevEnvironment.Gateway;
using EShop.DevEnvironment.Processes;
using EShop.DevEnvironment.Stack;
using Xunit;

namespace EShop.Shop.Tests.Gateway;

public sealed class NginxGatewayConfigTests : IDisposable
{
    private static readonly ServiceCatalog Catalog = ServiceCatalog.LoadFromRepository();
    private readonly string _dir = Directory.CreateTempSubdirectory("eshop-nginx-test-").FullName;

    private static readonly Uri Draining = new("http://127.0.0.1:19002");

    private string Render(IReadOnlySet<Uri>? outOfRotation = null) => NginxGatewayConfig.Render(Catalog, 18081,
        Catalog.PublicRoutes.Select(p => p.Service.Name).Distinct()
            .ToDictionary(s => s, s => (IReadOnlyList<Uri>)[new Uri("http://127.0.0.1:19001"), Draining]),
        _dir, runWorkersAsRoot: CommandRunner.IsRoot, outOfRotation: outOfRotation);

    [Fact]
    public async Task The_generated_gateway_config_is_accepted_by_nginx()
    {
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" }) Directory.CreateDirectory(Path.Combine(_dir, temp));
        var conf = Path.Combine(_dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, Render(new HashSet<Uri> { Draining }));
        // nginx -t parses the whole file and fails on any unknown directive or bad value.
        await CommandRunner.RunAsync(NginxBinary.Find(), ["-t", "-p", _dir, "-c", conf, "-e", Path.Combine(_dir, "error.log")]);
    }

    [Fact]
    public void Only_public_routes_are_proxied_and_every_replica_is_an_upstream_server()
    {
        var conf = Render();
        foreach (var (service, route) in Catalog.PublicRoutes)
            Assert.Contains($"location = {route.Path} {{", conf);
        foreach (var route in Catalog.Services.SelectMany(s => s.Routes).Where(r => !r.IsPublic))
            Assert.DoesNotContain($"location = {route.Path} ", conf);
        Assert.DoesNotContain("upstream db-service", conf);
        Assert.Equal(2 * Catalog.PublicRoutes.Select(p => p.Service.Name).Distinct().Count(),
            conf.Split('\n').Count(l => l.TrimStart().StartsWith("server 127.0.0.1:1900", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_replica_out_of_rotation_is_marked_down_and_only_it()
    {
        var lines = Render(new HashSet<Uri> { Draining }).Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("server 127.0.0.1:1900", StringComparison.Ordinal)).ToList();
        Assert.All(lines.Where(l => l.Contains(":19002")), l => Assert.EndsWith(" down;", l));
        Assert.All(lines.Where(l => l.Contains(":19001")), l => Assert.DoesNotContain("down", l));
        Assert.DoesNotContain(" down;", Render());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
