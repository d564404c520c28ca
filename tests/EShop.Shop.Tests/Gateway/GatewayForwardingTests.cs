using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Catalog;
using EShop.Gateway;
using EShop.TestSupport.Processes;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace EShop.Shop.Tests.Gateway;

/// <summary>The real gateway on Kestrel in front of stand-in replicas: what it retries, what it never repeats, its own
/// refusals as problems, and the rotation API.</summary>
public sealed class GatewayForwardingTests : IAsyncDisposable
{
    private const string AdminToken = "test-admin-token";
    private readonly int _edgePort = FreePort.Pick();
    private readonly int _adminPort = FreePort.Pick();
    private WebApplication? _gateway;

    private async Task<HttpClient> StartGatewayAsync(params (string Service, string[] Addresses)[] clusters)
    {
        var args = new List<string>
        {
            $"--urls=http://127.0.0.1:{_edgePort};http://127.0.0.1:{_adminPort}",
            $"--Gateway:AdminUrl=http://127.0.0.1:{_adminPort}",
            $"--Gateway:AdminToken={AdminToken}",
            $"--Gateway:Catalog={Path.Combine(RepositoryRoot.Find(), "services", "catalog.json")}",
        };
        // Every public service needs addresses; those a test does not use point at a closed port.
        var closed = $"http://127.0.0.1:{FreePort.Pick()}";
        foreach (var service in ServiceCatalog.LoadFromRepository().PublicRoutes.Select(p => p.Service.Name).Distinct())
        {
            var addresses = clusters.FirstOrDefault(c => c.Service == service).Addresses ?? [closed];
            args.AddRange(addresses.Select((a, i) => $"--Gateway:Clusters:{service}:{i}={a}"));
        }
        _gateway = GatewayApp.Build([.. args]);
        await _gateway.StartAsync();
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_edgePort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    private static string Closed() => $"http://127.0.0.1:{FreePort.Pick()}";

    [Fact]
    public async Task Requests_to_a_replica_that_refuses_connections_go_to_the_other_one_whatever_the_method()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var live = await FakeReplica.StartAsync("live");
        using var http = await StartGatewayAsync(("product-service", [Closed(), live.Address]), ("user-service", [Closed(), live.Address]));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/products", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync(
                "/api/v1/login", new { email = "a@example.com" }, cancellationToken: ct)).StatusCode);
        }
        Assert.Equal(12, live.Requests);
    }

    [Fact]
    public async Task A_body_the_replica_refuses_without_reading_leaves_the_clients_connection_usable()
    {
        // An authorization check answers before the body has arrived; the client, still sending it, then sends its next
        // request on the same connection.
        await using var refusing = await FakeReplica.StartAsync("refusing", refusesUnread: true);
        using var http = await StartGatewayAsync(("user-service", [refusing.Address]));
        using var oneConnection = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = http.BaseAddress };
        var statuses = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add(await PostAsync(oneConnection, new SlowBody(60_000)));
            statuses.Add(await PostAsync(oneConnection, new StringContent("{}", System.Text.Encoding.UTF8, "application/json")));
        }
        Assert.All(statuses, status => Assert.Equal(401, status));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_the_connection_closed_so_the_next_request_is_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var live = await FakeReplica.StartAsync("live");
        using var http = await StartGatewayAsync(("user-service", [live.Address]));
        using var oneConnection = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = http.BaseAddress };
        for (var i = 0; i < 10; i++)
        {
            using var huge = await oneConnection.PostAsync(
                "/api/v1/login", new StringContent(new string('x', 100_000), System.Text.Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
            Assert.True(huge.Headers.ConnectionClose, "Kestrel closes the connection after a body it cannot drain");
            using var next = await oneConnection.PostAsJsonAsync("/api/v1/login", new { email = "a@example.com" }, cancellationToken: ct);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
    }

    private static async Task<int> PostAsync(HttpClient client, HttpContent content)
    {
        try
        {
            using var response = await client.PostAsync("/api/v1/logout", content);
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>A JSON body sent in small pieces with pauses, as a slow client sends it.</summary>
    private sealed class SlowBody(int bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var piece = new byte[bytes / 10];
            Array.Fill(piece, (byte)' ');
            for (var i = 0; i < 10; i++)
            {
                await stream.WriteAsync(piece);
                await stream.FlushAsync();
                await Task.Delay(20);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes / 10 * 10;
            return true;
        }
    }

    [Fact]
    public async Task A_GET_that_reached_a_failing_replica_is_retried_but_a_POST_is_never_repeated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dropping = await FakeReplica.StartAsync("dropping", dropsRequests: true);
        await using var live = await FakeReplica.StartAsync("live");
        using var http = await StartGatewayAsync(("product-service", [dropping.Address, live.Address]), ("user-service", [dropping.Address, live.Address]));

        var gets = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.GetAsync("/api/v1/products")));
        Assert.All(gets, g => Assert.Equal(HttpStatusCode.OK, g.StatusCode));
        var droppedGets = dropping.Requests;

        var posts = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) posts.Add(await http.PostAsJsonAsync(
            "/api/v1/login", new { email = "a@example.com" }, cancellationToken: ct));
        var badGateway = posts.Where(p => p.StatusCode == HttpStatusCode.BadGateway).ToList();
        Assert.NotEmpty(badGateway);
        // Each POST that reached the dropping replica failed there and was sent nowhere else.
        Assert.Equal(badGateway.Count, dropping.Requests - droppedGets);
        Assert.Equal(4 + posts.Count - badGateway.Count, live.Requests);
        Assert.All(badGateway, p => Assert.Equal("application/problem+json", p.Content.Headers.ContentType?.MediaType));
    }

    [Theory]
    [InlineData("one 9 KiB header", HttpStatusCode.RequestHeaderFieldsTooLarge)]
    [InlineData("70 headers", HttpStatusCode.RequestHeaderFieldsTooLarge)]
    [InlineData("9 KiB query", HttpStatusCode.RequestUriTooLong)]
    [InlineData("100 KiB body", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("unknown path", HttpStatusCode.NotFound)]
    [InlineData("wrong method", HttpStatusCode.MethodNotAllowed)]
    public async Task The_gateways_own_refusals_are_problems_with_the_request_id(string request, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var live = await FakeReplica.StartAsync("live");
        using var http = await StartGatewayAsync(("product-service", [live.Address]), ("user-service", [live.Address]));
        using var message = request switch
        {
            "9 KiB query" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?q=" + new string('q', 9 * 1024)),
            "100 KiB body" => new HttpRequestMessage(HttpMethod.Post, "/api/v1/login") { Content = new StringContent(new string('x', 100 * 1024)) },
            "unknown path" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/user"),
            "wrong method" => new HttpRequestMessage(HttpMethod.Delete, "/api/v1/products"),
            _ => new HttpRequestMessage(HttpMethod.Get, "/api/v1/products"),
        };
        if (request == "one 9 KiB header") message.Headers.Add("X-Big", new string('b', 9 * 1024));
        if (request == "70 headers") for (var i = 0; i < 70; i++) message.Headers.Add($"X-Flood-{i}", "f");
        message.Headers.Add("X-Request-Id", "edge-test-42");

        var response = await http.SendAsync(message, ct);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.Equal("edge-test-42", problem.GetProperty("requestId").GetString());
        Assert.Equal(0, live.Requests);
    }

    [Fact]
    public async Task A_replica_taken_out_of_rotation_gets_no_new_requests_and_the_rotation_API_is_not_on_the_edge()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await FakeReplica.StartAsync("first");
        await using var second = await FakeReplica.StartAsync("second");
        using var http = await StartGatewayAsync(("product-service", [first.Address, second.Address]));
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_adminPort}") };

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.PostAsJsonAsync(
            "/_gateway/rotation/out", new { address = second.Address }, cancellationToken: ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync(
            "/_gateway/rotation/out", new { address = second.Address }, cancellationToken: ct)).StatusCode);
        admin.DefaultRequestHeaders.Add("X-Gateway-Admin-Token", AdminToken);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(
            "/_gateway/rotation/out", new { address = "nowhere" }, cancellationToken: ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync(
            "/_gateway/rotation/out", new { address = second.Address }, cancellationToken: ct)).StatusCode);

        for (var i = 0; i < 6; i++) Assert.Equal("first", await http.GetStringAsync("/api/v1/products", ct));
        Assert.Equal(0, second.Requests);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync(
            "/_gateway/rotation/in", new { address = second.Address }, cancellationToken: ct)).StatusCode);
        for (var i = 0; i < 6; i++) await http.GetStringAsync("/api/v1/products", ct);
        Assert.True(second.Requests > 0, "the replica put back in rotation got no request");
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
    }
}
