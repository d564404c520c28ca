using System.Net;
using System.Net.Http.Json;
using EShop.Catalog;
using EShop.Gateway;
using EShop.TestSupport;
using EShop.TestSupport.Processes;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace EShop.Shop.Tests.Gateway;

/// <summary>The real gateway on Kestrel splitting product-service between a stable and a canary replica group: the
/// share by weight (a deterministic weighted round robin, so the count is exact), the header naming the group, the
/// abort through the admin API, and refused settings.</summary>
public sealed class GatewayCanaryTests : IAsyncDisposable
{
    private const string AdminToken = "test-admin-token";
    private readonly int _edgePort = FreePort.Pick();
    private readonly int _adminPort = FreePort.Pick();
    private WebApplication? _gateway;

    private string[] Args(string stable, string canary, string canaryService = "product-service", int weight = 10)
    {
        var closed = $"http://127.0.0.1:{FreePort.Pick()}";
        var args = new List<string>
        {
            $"--urls=http://127.0.0.1:{_edgePort};http://127.0.0.1:{_adminPort}",
            $"--Gateway:AdminUrl=http://127.0.0.1:{_adminPort}",
            $"--Gateway:AdminToken={AdminToken}",
            $"--Gateway:Catalog={Path.Combine(RepositoryRoot.Find(), "services", "catalog.json")}",
            $"--Gateway:Canaries:{canaryService}:Weight={weight}",
            $"--Gateway:Canaries:{canaryService}:Addresses:0={canary}",
        };
        foreach (var service in ServiceCatalog.LoadFromRepository().PublicRoutes.Select(p => p.Service.Name).Distinct())
            args.Add($"--Gateway:Clusters:{service}:0={(service == "product-service" ? stable : closed)}");
        return [.. args];
    }

    private async Task<(HttpClient Edge, HttpClient Admin)> StartAsync(string stable, string canary, int weight)
    {
        _gateway = GatewayApp.Build(Args(stable, canary, weight: weight));
        await _gateway.StartAsync();
        var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_adminPort}") };
        admin.DefaultRequestHeaders.Add("X-Gateway-Admin-Token", AdminToken);
        return (new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_edgePort}"), Timeout = TimeSpan.FromSeconds(10) }, admin);
    }

    private static async Task<Dictionary<string, int>> SendAsync(HttpClient edge, int count)
    {
        var groups = new Dictionary<string, int> { ["stable"] = 0, ["canary"] = 0 };
        // Eight at a time: the split is counted per request, so concurrency must not change the count.
        foreach (var batch in Enumerable.Range(0, count).Chunk(8))
            foreach (var response in await Task.WhenAll(batch.Select(_ => edge.GetAsync("/api/v1/products"))))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var group = Assert.Single(response.Headers.GetValues("X-Replica-Group"));
                Assert.Equal(group, await response.Content.ReadAsStringAsync());
                groups[group]++;
            }
        return groups;
    }

    [Fact]
    public async Task A_canary_at_weight_10_gets_exactly_a_tenth_of_the_requests_and_an_abort_sends_it_none()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stable = await FakeReplica.StartAsync("stable");
        await using var canary = await FakeReplica.StartAsync("canary");
        var (edge, admin) = await StartAsync(stable.Address, canary.Address, weight: 10);
        using (edge) using (admin)
        {
            var split = await SendAsync(edge, 200);
            Assert.Equal(20, split["canary"]);
            Assert.Equal(180, split["stable"]);
            Assert.Equal(20, canary.Requests);
            Assert.Equal(new Dictionary<string, int> { ["product-service"] = 10 }, await admin.GetFromJsonAsync<Dictionary<string, int>>(
                "/_gateway/canary", cancellationToken: ct));

            Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync(
                "/_gateway/canary/product-service", new { weight = 0 }, cancellationToken: ct)).StatusCode);
            var aborted = await SendAsync(edge, 100);
            Assert.Equal(0, aborted["canary"]);
            Assert.Equal(20, canary.Requests);

            Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync(
                "/_gateway/canary/product-service", new { weight = 50 }, cancellationToken: ct)).StatusCode);
            Assert.Equal(50, (await SendAsync(edge, 100))["canary"]);
        }
    }

    [Fact]
    public async Task The_canary_API_refuses_a_weight_out_of_range_an_unknown_service_and_a_missing_token()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stable = await FakeReplica.StartAsync("stable");
        await using var canary = await FakeReplica.StartAsync("canary");
        var (edge, admin) = await StartAsync(stable.Address, canary.Address, weight: 10);
        using (edge) using (admin)
        {
            await ProblemAssert.NamesField(
                await admin.PutAsJsonAsync("/_gateway/canary/product-service", new { weight = 101 }, cancellationToken: ct),
                HttpStatusCode.BadRequest,
                "weight");
            await ProblemAssert.NamesField(
                await admin.PutAsJsonAsync("/_gateway/canary/product-service", new { }, cancellationToken: ct),
                HttpStatusCode.BadRequest,
                "weight");
            await ProblemAssert.NamesField(
                await admin.PutAsJsonAsync("/_gateway/canary/user-service", new { weight = 5 }, cancellationToken: ct),
                HttpStatusCode.NotFound,
                "service");
            using var anonymous = new HttpClient { BaseAddress = admin.BaseAddress };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync(
                "/_gateway/canary/product-service", new { weight = 0 }, cancellationToken: ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await edge.PutAsJsonAsync(
                "/_gateway/canary/product-service", new { weight = 0 }, cancellationToken: ct)).StatusCode);
            Assert.Equal(10, (await admin.GetFromJsonAsync<Dictionary<string, int>>(
                "/_gateway/canary", cancellationToken: ct))!["product-service"]);
        }
    }

    [Theory]
    [InlineData("db-service", 10, "Gateway__Canaries__db-service")]
    [InlineData("product-service", 101, "Gateway__Canaries__product-service__Weight")]
    public void A_canary_for_a_service_the_edge_does_not_route_or_with_a_weight_out_of_range_is_refused_at_start_up(string service, int weight, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GatewayApp.Build(Args("http://127.0.0.1:1", "http://127.0.0.1:2", service, weight)));
        Assert.StartsWith(key, error.Message);
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
    }
}
