using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Xunit;

namespace EShop.Shop.Tests.EndToEnd;

/// <summary>The README's canary run (<c>--LocalRun:Canary=product-service=10</c>) through the app host's model: real
/// product-service replicas behind the edge, exactly a tenth of the requests answered by the canary group, none after
/// an abort on the gateway's admin endpoint. A second app model: it runs alone, after the parallel collections, so
/// its start does not compete for the two cores with the shop collection's model.</summary>
[Collection(CanaryRunCollection.Name)]
public sealed class CanaryThroughTheAppHostTests : IAsyncLifetime
{
    private const string AdminToken = "canary-test-admin-token";
    private DistributedApplication? _app;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.EShop_AppHost>(
            ["--LocalRun:EdgePort=0", "--LocalRun:Dashboard=false", "--LocalRun:Canary=product-service=10", $"--LocalRun:Secrets:GatewayAdminToken={AdminToken}"],
            timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
    }

    private static async Task<int> CanaryAnswersAsync(HttpClient edge, int requests)
    {
        var canary = 0;
        for (var i = 0; i < requests; i++)
        {
            using var response = await edge.GetAsync("/api/v1/products?limit=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (Assert.Single(response.Headers.GetValues("X-Replica-Group")) == "canary") canary++;
        }
        return canary;
    }

    [Fact]
    public async Task The_canary_replica_group_answers_exactly_its_weight_and_nothing_after_an_abort()
    {
        using var edge = new HttpClient { BaseAddress = _app!.GetEndpoint("gateway", "http"), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(10, await CanaryAnswersAsync(edge, 100));

        using var admin = new HttpClient { BaseAddress = _app!.GetEndpoint("gateway", "admin") };
        admin.DefaultRequestHeaders.Add("X-Gateway-Admin-Token", AdminToken);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync("/_gateway/canary/product-service", new { weight = 0 })).StatusCode);
        Assert.Equal(0, await CanaryAnswersAsync(edge, 100));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CanaryRunCollection
{
    public const string Name = "canary run of the app host";
}
