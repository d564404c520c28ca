using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using EShop.Catalog;
using EShop.Gateway;
using EShop.TestSupport.Processes;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace EShop.Shop.Tests.Gateway;

/// <summary>The edge's micro-cache on the real gateway: it stores only what the origin's Cache-Control allows, never an
/// answer with Set-Cookie or to a request with Authorization, keeps query strings apart, revalidates by ETag, and gives
/// every answer from the cache the request's own X-Request-Id; an entry lives no longer than the origin and the edge's cap allow.</summary>
public sealed class GatewayEdgeCacheTests : IAsyncDisposable
{
    private readonly int _edgePort = FreePort.Pick();
    private WebApplication? _gateway;

    private async Task<HttpClient> StartGatewayAsync(string productService, int microCacheSeconds = 60)
    {
        var args = new List<string>
        {
            $"--urls=http://127.0.0.1:{_edgePort}",
            $"--Gateway:Catalog={Path.Combine(RepositoryRoot.Find(), "services", "catalog.json")}",
            $"--Gateway:MicroCacheSeconds={microCacheSeconds}",
        };
        var closed = $"http://127.0.0.1:{FreePort.Pick()}";
        foreach (var service in ServiceCatalog.LoadFromRepository().PublicRoutes.Select(p => p.Service.Name).Distinct())
            args.Add($"--Gateway:Clusters:{service}:0={(service == "product-service" ? productService : closed)}");
        _gateway = GatewayApp.Build([.. args]);
        await _gateway.StartAsync();
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_edgePort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    private static async Task<string> BodyAsync(HttpClient edge, string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await edge.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_public_answer_is_served_from_the_edge_while_the_origin_allows_and_each_query_is_its_own_entry()
    {
        await using var origin = await CachingOrigin.StartAsync();
        using var edge = await StartGatewayAsync(origin.Address);
        const string path = "/api/v1/products?cc=public,%20max-age=60";

        Assert.Equal("answer 1", await BodyAsync(edge, path));
        Assert.Equal("answer 1", await BodyAsync(edge, path));
        Assert.Equal("answer 2", await BodyAsync(edge, path + "&limit=5"));
        Assert.Equal(2, origin.Requests);
    }

    // Before the lifetime was set from the origin's headers, every entry lived the output cache's default 60 s.
    [Theory]
    [InlineData(2, "public,%20max-age=60")]
    [InlineData(60, "public,%20max-age=2")]
    [InlineData(60, "public,%20max-age=60&age=58")]
    public async Task A_stored_answer_expires_after_the_shorter_of_the_origins_freshness_left_and_the_edges_cap(int microCacheSeconds, string cacheControl)
    {
        await using var origin = await CachingOrigin.StartAsync();
        using var edge = await StartGatewayAsync(origin.Address, microCacheSeconds);
        var path = $"/api/v1/products?cc={cacheControl}";

        Assert.Equal("answer 1", await BodyAsync(edge, path));
        Assert.Equal("answer 1", await BodyAsync(edge, path));
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal("answer 2", await BodyAsync(edge, path));
    }

    [Theory]
    [InlineData("/api/v1/products")]
    [InlineData("/api/v1/products?cc=no-store")]
    [InlineData("/api/v1/products?cc=public,%20max-age=60,%20no-cache")]
    [InlineData("/api/v1/products?cc=private,%20max-age=60")]
    [InlineData("/api/v1/products?cc=max-age=0")]
    [InlineData("/api/v1/products?cc=public,%20max-age=60&cookie=1")]
    public async Task An_answer_the_origin_does_not_let_shared_caches_keep_is_fetched_every_time(string path)
    {
        await using var origin = await CachingOrigin.StartAsync();
        using var edge = await StartGatewayAsync(origin.Address);

        Assert.Equal("answer 1", await BodyAsync(edge, path));
        Assert.Equal("answer 2", await BodyAsync(edge, path));
    }

    [Fact]
    public async Task A_request_with_Authorization_is_neither_answered_from_the_cache_nor_stored()
    {
        await using var origin = await CachingOrigin.StartAsync();
        using var edge = await StartGatewayAsync(origin.Address);
        const string path = "/api/v1/products?cc=public,%20max-age=60";

        Assert.Equal("answer 1", await BodyAsync(edge, path, bearer: "token-a"));
        Assert.Equal("answer 2", await BodyAsync(edge, path));
        Assert.Equal("answer 3", await BodyAsync(edge, path, bearer: "token-a"));
        Assert.Equal("answer 2", await BodyAsync(edge, path));
    }

    [Fact]
    public async Task The_stored_ETag_revalidates_at_the_edge_and_each_answer_carries_its_own_request_id()
    {
        await using var origin = await CachingOrigin.StartAsync();
        using var edge = await StartGatewayAsync(origin.Address);
        const string path = "/api/v1/products?cc=public,%20max-age=60";
        await BodyAsync(edge, path);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
        revalidate.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(CachingOrigin.ETag));
        revalidate.Headers.Add("X-Request-Id", "revalidation-1");
        using var notModified = await edge.SendAsync(revalidate, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("revalidation-1", notModified.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal(1, origin.Requests);
    }

    [Fact]
    public async Task An_answer_from_the_cache_is_named_by_the_callers_trace_id()
    {
        await using var origin = await CachingOrigin.StartAsync();
        using var edge = await StartGatewayAsync(origin.Address);
        const string path = "/api/v1/products?cc=public,%20max-age=60";
        await BodyAsync(edge, path);

        // The test's own activity is the caller's span: HttpClient sends its trace id in traceparent.
        using var caller = new Activity("cached read").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var response = await edge.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, origin.Requests);
        Assert.Equal(caller.TraceId.ToHexString(), response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task With_the_micro_cache_off_every_request_reaches_the_origin()
    {
        await using var origin = await CachingOrigin.StartAsync();
        using var edge = await StartGatewayAsync(origin.Address, microCacheSeconds: 0);
        const string path = "/api/v1/products?cc=public,%20max-age=60";

        Assert.Equal("answer 1", await BodyAsync(edge, path));
        Assert.Equal("answer 2", await BodyAsync(edge, path));
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
    }
}
