using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit;

namespace EShop.Shop.Tests.EndToEnd;

/// <summary>The shop as a user reaches it: the base URL in ESHOP_BASE_URL (e.g. the staging stack), or else the
/// app host's model (services/AppHost, the README's run command) started once for the collection, with its edge on a
/// free port and no dashboard.</summary>
public sealed class ShopUnderTest : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private DistributedApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public bool IsLocal => _app is not null;

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A replica's own address (local only), e.g. ("user-service", 1).</summary>
    public Uri ReplicaUrl(string service, int number = 1) => _app!.GetEndpoint($"{service}-{number}", "http");

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("ESHOP_BASE_URL");
        if (!string.IsNullOrWhiteSpace(external))
        {
            BaseUrl = new Uri(external);
            return;
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.EShop_AppHost>(["--LocalRun:EdgePort=0"], timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
        BaseUrl = _app.GetEndpoint("gateway", "http");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopUnderTest>
{
    public const string Name = "shop through the edge gateway";
}
