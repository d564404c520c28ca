using System.Security.Cryptography;
using System.Text.Json;
using EShop.DevEnvironment.Catalog;
using EShop.DevEnvironment.Gateway;
using EShop.DevEnvironment.Postgres;
using EShop.DevEnvironment.Processes;

namespace EShop.DevEnvironment.Stack;

/// <summary>The whole shop on one machine: PostgreSQL, migrations and demo data, every catalog service
/// (and the card-vendor simulator) as real processes, and the nginx edge gateway in front.</summary>
public sealed class LocalStack : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly LocalStackOptions _options;
    private readonly ServiceCatalog _catalog;
    private readonly ServiceBinaries _binaries;
    private readonly string _workDir;
    private readonly List<ServiceProcess> _processes = [];
    private readonly Dictionary<string, List<Replica>> _replicas = [];
    private readonly Dictionary<string, (string Assembly, Dictionary<string, string> Environment)> _launches = [];
    private ThrowawayPostgres? _postgres;
    private ServiceProcess? _gateway;
    private readonly List<(ServiceProcess Nginx, string ConfPath, Func<string> Render)> _proxies = [];
    private readonly HashSet<Uri> _outOfRotation = [];

    private LocalStack(LocalStackOptions options, string repositoryRoot)
    {
        _options = options;
        _catalog = ServiceCatalog.Load(Path.Combine(repositoryRoot, "services", "catalog.json"));
        _binaries = new ServiceBinaries(repositoryRoot, options.Configuration);
        _workDir = Directory.CreateTempSubdirectory("eshop-local-").FullName;
        Secrets = new LocalSecrets();
    }

    public Uri GatewayUrl => new($"http://127.0.0.1:{_options.GatewayPort}");
    public string WorkDir => _workDir;
    public LocalSecrets Secrets { get; }
    public string? DatabaseConnectionString { get; private set; }
    public ThrowawayPostgres? Postgres => _postgres;
    public IReadOnlyDictionary<string, List<Replica>> Replicas => _replicas;
    public ServiceCatalog Catalog => _catalog;

    public static async Task<LocalStack> StartAsync(LocalStackOptions options, Action<string> progress, CancellationToken ct)
    {
        var stack = new LocalStack(options, RepositoryRoot.Find());
        try
        {
            await stack.StartAllAsync(progress, ct);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(Action<string> progress, CancellationToken ct)
    {
        if (!FreePort.IsFree(_options.GatewayPort))
            throw new LocalStackException($"port {_options.GatewayPort} is in use: stop what uses it or pass --port <free port>");
        var nginx = NginxBinary.Find();

        var projects = _catalog.Services.Select(s => s.Project).Append(ServiceBinaries.VendorSimulatorProject).ToList();
        if (_options.Build)
        {
            progress("building the services");
            await _binaries.BuildAsync(projects, ct);
        }

        DatabaseConnectionString = _options.ConnectionString ?? await StartPostgresAsync(progress, ct);
        progress("migrating the database and loading the demo catalogue");
        var dbService = _catalog["db-service"];
        foreach (var command in new[] { "migrate", "seed" })
        {
            try
            {
                await CommandRunner.RunAsync("dotnet", [_binaries.EntryAssembly(dbService), command], environment: DbServiceEnvironment(), ct: ct);
            }
            catch (InvalidOperationException ex)
            {
                throw new LocalStackException($"db-service {command} failed: {ex.Message}");
            }
        }

        progress("starting the services");
        await StartReplicasAsync("vendor-simulator", _binaries.EntryAssembly(ServiceBinaries.VendorSimulatorProject), 1, VendorSimulatorEnvironment(), ct);
        await StartReplicasAsync(dbService.Name, _binaries.EntryAssembly(dbService), _options.Replicas, DbServiceEnvironment(), ct);
        var dbServiceUrl = await StartInternalBalancerIfNeededAsync(nginx, dbService.Name, ct);
        await Task.WhenAll(_catalog.Services.Where(s => s != dbService).Select(s =>
            StartReplicasAsync(s.Name, _binaries.EntryAssembly(s), _options.Replicas, CallerEnvironment(s, dbServiceUrl), ct)));

        progress("starting the edge gateway");
        _gateway = await StartGatewayAsync(nginx, ct);
        await File.WriteAllTextAsync(Path.Combine(_workDir, "state.json"), JsonSerializer.Serialize(new
        {
            gateway = GatewayUrl,
            database = _postgres is null ? "external" : $"throwaway on port {_postgres.Port}",
            replicas = _replicas.ToDictionary(r => r.Key, r => r.Value.Select(x => new { url = x.Url, pid = x.Process.Pid })),
        }, new JsonSerializerOptions { WriteIndented = true }), ct);
    }

    private async Task<string> StartPostgresAsync(Action<string> progress, CancellationToken ct)
    {
        progress("starting a throwaway PostgreSQL");
        try
        {
            _postgres = await ThrowawayPostgres.LaunchAsync(ct);
        }
        catch (PostgresNotInstalledException ex)
        {
            throw new LocalStackException(ex.Message);
        }
        return await _postgres.CreateDatabaseAsync("eshop", ct);
    }

    private async Task StartReplicasAsync(string name, string assembly, int count, Dictionary<string, string> environment, CancellationToken ct)
    {
        var started = new List<Replica>();
        for (var i = 1; i <= count; i++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort.Pick()}");
            started.Add(new Replica(url, LaunchReplica(name, i, url, assembly, environment)));
        }
        lock (_replicas)
        {
            _replicas[name] = started;
            _launches[name] = (assembly, environment);
        }
        await Task.WhenAll(started.Select(r => ReadinessProbe.WaitAsync(new Uri(r.Url, "/readyz"), r.Process, StartTimeout, ct)));
    }

    private ServiceProcess LaunchReplica(string name, int number, Uri url, string assembly, Dictionary<string, string> environment)
    {
        var env = new Dictionary<string, string>(environment) { ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/') };
        foreach (var (key, value) in _options.ExtraEnvironment) env[key] = value;
        var process = ServiceProcess.Start($"{name}-{number}", "dotnet", [assembly], env, Path.Combine(_workDir, $"{name}-{number}.log"));
        lock (_processes) _processes.Add(process);
        return process;
    }

    /// <summary>Starts a replica that has exited (killed or stopped) again on its address, as Kubernetes
    /// restarts a pod, and waits until it is ready. For fault tests.</summary>
    public async Task<Replica> RestartReplicaAsync(string service, int index, CancellationToken ct)
    {
        Replica replica;
        (string Assembly, Dictionary<string, string> Environment) launch;
        lock (_replicas)
        {
            replica = _replicas[service][index];
            launch = _launches[service];
        }
        if (!replica.Process.HasExited) throw new InvalidOperationException($"{replica.Process.Name} is still running");
        var restarted = replica with { Process = LaunchReplica(service, index + 1, replica.Url, launch.Assembly, launch.Environment) };
        lock (_replicas) _replicas[service][index] = restarted;
        await ReadinessProbe.WaitAsync(new Uri(restarted.Url, "/readyz"), restarted.Process, StartTimeout, ct);
        bool wasOut;
        lock (_replicas) wasOut = _outOfRotation.Remove(restarted.Url);
        if (wasOut) await ReloadProxiesAsync();
        return restarted;
    }

    /// <summary>With several db-service replicas the callers need one address, as a Kubernetes Service gives them.</summary>
    private async Task<Uri> StartInternalBalancerIfNeededAsync(string nginx, string service, CancellationToken ct)
    {
        if (_options.Replicas == 1) return _replicas[service][0].Url;
        var port = FreePort.Pick();
        var dir = Directory.CreateDirectory(Path.Combine(_workDir, "internal-" + service)).FullName;
        string Render() => NginxGatewayConfig.RenderInternalBalancer(service, port, _replicas[service].Select(r => r.Url).ToList(), dir,
            CommandRunner.IsRoot, _outOfRotation);
        var process = await StartNginxAsync(nginx, dir, Render(), $"{service}-balancer", new Uri($"http://127.0.0.1:{port}/readyz"), ct);
        lock (_processes) _processes.Add(process);
        _proxies.Add((process, Path.Combine(dir, "nginx.conf"), Render));
        return new Uri($"http://127.0.0.1:{port}");
    }

    private async Task<ServiceProcess> StartGatewayAsync(string nginx, CancellationToken ct)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_workDir, "gateway")).FullName;
        var publicServices = _catalog.PublicRoutes.Select(p => p.Service.Name).Distinct().ToList();
        string Render() => NginxGatewayConfig.Render(_catalog, _options.GatewayPort,
            publicServices.ToDictionary(s => s, s => (IReadOnlyList<Uri>)_replicas[s].Select(r => r.Url).ToList()),
            dir, runWorkersAsRoot: CommandRunner.IsRoot, outOfRotation: _outOfRotation);
        var process = await StartNginxAsync(nginx, dir, Render(), "gateway", new Uri(GatewayUrl, "/healthz"), ct);
        _proxies.Add((process, Path.Combine(dir, "nginx.conf"), Render));
        return process;
    }

    /// <summary>Takes a replica out of the gateway's and balancer's rotation (nginx reload), as Kubernetes removes a
    /// terminating pod's endpoint before its SIGTERM. <see cref="RestartReplicaAsync"/> puts it back.</summary>
    public async Task TakeOutOfRotationAsync(string service, int index)
    {
        lock (_replicas) _outOfRotation.Add(_replicas[service][index].Url);
        await ReloadProxiesAsync();
    }

    private async Task ReloadProxiesAsync()
    {
        foreach (var (nginx, confPath, render) in _proxies)
        {
            await File.WriteAllTextAsync(confPath, render());
            nginx.Reload();
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // new workers take over; old ones finish their requests
    }

    private static async Task<ServiceProcess> StartNginxAsync(string nginx, string dir, string conf, string name, Uri health, CancellationToken ct)
    {
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
            Directory.CreateDirectory(Path.Combine(dir, temp));
        var confPath = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(confPath, conf, ct);
        var process = ServiceProcess.Start(name, nginx, ["-p", dir, "-c", confPath, "-e", Path.Combine(dir, "error.log")],
            new Dictionary<string, string>(), Path.Combine(dir, "nginx.out.log"));
        await ReadinessProbe.WaitAsync(health, process, TimeSpan.FromSeconds(20), ct);
        return process;
    }

    private Dictionary<string, string> CommonEnvironment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        // The gateway sets X-Forwarded-For to the client's address; per-client limits count that address.
        ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        // No platform deregisters a stopping replica here: it drains its kept-alive connections itself.
        ["Shutdown__DrainSeconds"] = "3",
        ["InternalAuth__Token"] = Secrets.InternalToken,
    };

    private Dictionary<string, string> DbServiceEnvironment() => new(CommonEnvironment())
    {
        ["ConnectionStrings__Postgres"] = DatabaseConnectionString!,
        ["Database__MigrateOnStartup"] = "false",
    };

    private Dictionary<string, string> CallerEnvironment(CatalogService service, Uri dbServiceUrl)
    {
        var env = new Dictionary<string, string>(CommonEnvironment()) { ["Services__DbService"] = dbServiceUrl.ToString().TrimEnd('/') };
        if (service.External.Contains("card-vendors"))
            foreach (var (key, value) in LocalVendors.PaymentServiceSettings(_replicas["vendor-simulator"][0].Url, Secrets)) env[key] = value;
        return env;
    }

    private Dictionary<string, string> VendorSimulatorEnvironment()
    {
        var env = CommonEnvironment();
        foreach (var (key, value) in LocalVendors.SimulatorSettings(Secrets)) env[key] = value;
        return env;
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        ServiceProcess[] processes;
        lock (_processes) processes = [.. _processes];
        // Callers first, db-service and the balancers last, so in-flight requests can finish.
        await Task.WhenAll(processes.Where(p => !p.Name.StartsWith("db-service", StringComparison.Ordinal)).Select(p => p.DisposeAsync().AsTask()));
        await Task.WhenAll(processes.Where(p => p.Name.StartsWith("db-service", StringComparison.Ordinal)).Select(p => p.DisposeAsync().AsTask()));
        if (_postgres is not null) await _postgres.DisposeAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record Replica(Uri Url, ServiceProcess Process);

/// <summary>Credentials made fresh for each local run; nothing is written to the repository.</summary>
public sealed class LocalSecrets
{
    public string InternalToken { get; } = NewSecret();
    public string VendorApiKey { get; } = NewSecret();
    public string PaymentFingerprintKey { get; } = NewSecret();

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
