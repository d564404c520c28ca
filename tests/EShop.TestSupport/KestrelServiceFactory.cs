using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EShop.TestSupport;

/// <summary>Hosts one service on real Kestrel on 127.0.0.1 (a free port), configured like production:
/// settings are the environment variables the service would get, in their ':' form.</summary>
public sealed class KestrelServiceFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _testServices;

    /// <param name="testServices">Replaces services after the service registered its own, e.g. a FakeTimeProvider.</param>
    public KestrelServiceFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? testServices = null)
    {
        _settings = settings;
        _testServices = testServices;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

    public CapturedLogs Logs { get; } = new();

    /// <summary>The service's real loopback address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in TestSettings.InternalAuthFor(Service)) builder.UseSetting(key, value);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            _testServices?.Invoke(services);
        });
    }

    /// <summary>The catalog name of the hosted service (null for a host outside the catalog, e.g. the vendor simulator).</summary>
    public string? Service { get; } = TestSettings.Catalog.ForAssembly(typeof(TEntryPoint).Assembly.GetName().Name!)?.Name;

    /// <summary>A client for the service's address that presents <paramref name="caller"/>'s own internal credential.</summary>
    public HttpClient CreateInternalClient(string caller = TestSettings.Operator)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Internal-Token", TestSettings.CredentialOf(caller));
        return client;
    }
}
