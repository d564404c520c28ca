using System.Net.Http.Json;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using EShop.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EShop.Reliability.Stack;

/// <summary>The whole shop as the app host models it (services/AppHost, the local run), started here through
/// Aspire.Hosting.Testing: PostgreSQL, every catalog service's replicas, the vendor simulator, the edge gateway and,
/// with several replicas, db-service's internal balancer.</summary>
public sealed class LocalStack : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly DistributedApplication _app;
    private readonly ResourceStates _states = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly Task _watching;
    private readonly HttpClient _admin = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly int _replicaCount;

    private LocalStack(DistributedApplication app, LocalSecrets secrets, ServiceCatalog catalog, int replicas, int postgresPort)
    {
        _app = app;
        Secrets = secrets;
        Catalog = catalog;
        _replicaCount = replicas;
        _watching = _states.WatchAsync(app.ResourceNotifications, _stopWatching.Token);
        _admin.DefaultRequestHeaders.Add("X-Gateway-Admin-Token", secrets.GatewayAdminToken);
        DatabaseConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = postgresPort,
            Username = "eshop",
            Password = secrets.DatabasePassword,
            Database = "eshop",
        }.ConnectionString;
        Postgres = new PostgresServer(new ResourceProcess(app, _states, "postgres"));
        var names = catalog.Services.Select(s => s.Name).ToList();
        Replicas = names.ToDictionary(n => n, n => Enumerable.Range(1, replicas)
            .Select(i => new Replica(app.GetEndpoint($"{n}-{i}", "http"), new ResourceProcess(app, _states, $"{n}-{i}"))).ToList());
        Replicas["vendor-simulator"] = [new Replica(app.GetEndpoint("vendor-simulator", "http"), new ResourceProcess(app, _states, "vendor-simulator"))];
        GatewayUrl = app.GetEndpoint("gateway", "http");
    }

    public Uri GatewayUrl { get; }
    public LocalSecrets Secrets { get; }
    public string DatabaseConnectionString { get; }
    public PostgresServer Postgres { get; }
    public ServiceCatalog Catalog { get; }

    /// <summary>Each catalog service's replicas (and the vendor simulator), in order.</summary>
    public Dictionary<string, List<Replica>> Replicas { get; }

    public static async Task<LocalStack> StartAsync(LocalStackOptions options, Action<string> progress, CancellationToken ct)
    {
        var secrets = new LocalSecrets();
        var postgresPort = FreePort();
        progress($"starting the app model: {options.Replicas} replica(s) per service");
        var arguments = new List<string>(secrets.AsArguments())
        {
            "--LocalRun:EdgePort=0", $"--LocalRun:Replicas={options.Replicas}", $"--LocalRun:PostgresPort={postgresPort}",
        };
        arguments.AddRange(options.ExtraEnvironment.Select(e => $"--LocalRun:Settings:{e.Key}={e.Value}"));
        DistributedApplication? app = null;
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.EShop_AppHost>([.. arguments], ct);
            // The replicas' own logs (every request of every scenario) would bury the report; their warnings stay.
            builder.Services.AddLogging(logging => logging
                .AddFilter("EShop.AppHost.Resources", LogLevel.Warning)
                .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
                .AddFilter("Aspire.Hosting", LogLevel.Warning));
            app = await builder.BuildAsync(ct);
            await app.StartAsync(ct);
            var stack = new LocalStack(app, secrets, ServiceCatalog.LoadFromRepository(), options.Replicas, postgresPort);
            progress("waiting for every replica and the gateway to be healthy");
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", ct);
            return stack;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (app is not null) await app.DisposeAsync();
            throw new LocalStackException(ex.Message, ex);
        }
    }

    /// <summary>Takes a replica out of the rotation of whatever balances it (the edge for public services, the internal
    /// balancer for db-service), as Kubernetes removes a terminating pod's endpoint before its SIGTERM.</summary>
    public async Task TakeOutOfRotationAsync(string service, int index) => await RotationAsync(service, index, "out");

    private async Task RotationAsync(string service, int index, string change)
    {
        var balancer = Catalog[service].Routes.Any(r => r.IsPublic) ? "gateway" : service;
        if (balancer == service && _replicaCount == 1) return; // one db-service replica: its callers reach it directly
        var admin = _app.GetEndpoint(balancer, "admin");
        using var response = await _admin.PostAsJsonAsync(new Uri(admin, $"/_gateway/rotation/{change}"),
            new { address = Replicas[service][index].Url.ToString().TrimEnd('/') });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Starts a replica that has exited (killed or stopped) again, as Kubernetes restarts a pod, and waits
    /// until it is healthy and back in rotation.</summary>
    public async Task<Replica> RestartReplicaAsync(string service, int index, CancellationToken ct)
    {
        var replica = Replicas[service][index];
        if (!replica.Process.HasExited) throw new InvalidOperationException($"{replica.Process.Name} is still running");
        await replica.Process.StartAsync(ReadyTimeout);
        if (Catalog.Services.Any(s => s.Name == service)) await RotationAsync(service, index, "in");
        return replica;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _stopWatching.CancelAsync();
        await _watching;
        _stopWatching.Dispose();
        _admin.Dispose();
    }
}

public sealed record Replica(Uri Url, ResourceProcess Process);

/// <summary>The throwaway PostgreSQL resource: a fast shutdown (SIGINT to the postmaster, what `pg_ctl stop -m fast`
/// sends), and a start through the app host.</summary>
public sealed class PostgresServer(ResourceProcess process)
{
    public async Task StopAsync()
    {
        process.SignalResourceProcess(PosixSignalNumber.Int);
        if (!await process.WaitExitedAsync(TimeSpan.FromSeconds(30))) throw new InvalidOperationException("PostgreSQL did not stop within 30 s");
    }

    public Task StartAsync() => process.StartAsync(TimeSpan.FromSeconds(60));
}
