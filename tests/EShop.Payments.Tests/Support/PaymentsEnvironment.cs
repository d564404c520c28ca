using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.DbService;
using EShop.DbServiceClient;
using EShop.PaymentService;
using EShop.TestSupport;
using EShop.UserService;
using EShop.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace EShop.Payments.Tests.Support;

/// <summary>Real PostgreSQL, db-service, user-service, the vendor simulator and payment-service, each on
/// loopback Kestrel. Tests needing other vendor settings (short timeouts, a breaker to open) start their own
/// simulator and payment-service against the same db-service.</summary>
public sealed class PaymentsEnvironment : IAsyncLifetime
{
    public const string SimulatorKey = "simulator-api-key-0123456789";
    public const string FingerprintKey = "payment-fingerprint-key-for-tests-0123456789";

    private readonly PostgresFixture _postgres = new();
    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly List<CapturedLogs> _logs = [];

    public string ConnectionString { get; private set; } = "";
    public KestrelServiceFactory<DbServiceEntryPoint> DbService { get; private set; } = null!;
    public KestrelServiceFactory<UserServiceEntryPoint> Users { get; private set; } = null!;
    public KestrelServiceFactory<VendorSimulatorEntryPoint> Simulator { get; private set; } = null!;
    public KestrelServiceFactory<PaymentServiceEntryPoint> Payments { get; private set; } = null!;

    /// <summary>db-service's typed client, with the internal credential.</summary>
    public DbClient Db { get; private set; } = null!;

    /// <summary>Every host started so far, for scanning their captured logs.</summary>
    public IEnumerable<CapturedLogs> AllLogs
    {
        get { lock (_hosts) return _logs.ToArray(); }
    }

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        ConnectionString = await _postgres.CreateDatabaseAsync();
        DbService = Track(new KestrelServiceFactory<DbServiceEntryPoint>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
        }));
        Db = new DbClient(DbService.CreateInternalClient());
        Users = Track(new KestrelServiceFactory<UserServiceEntryPoint>(new Dictionary<string, string?>
        {
            ["Services:DbService"] = DbService.BaseAddress.ToString(),
            ["LoginLimits:PerClientPermitLimit"] = "1000000",
        }));
        Simulator = StartSimulator();
        Payments = StartPaymentService(Simulator);
    }

    public KestrelServiceFactory<VendorSimulatorEntryPoint> StartSimulator(int slowDelayMilliseconds = 3000) =>
        Track(new KestrelServiceFactory<VendorSimulatorEntryPoint>(new Dictionary<string, string?>
        {
            ["Simulator:ApiKey"] = SimulatorKey,
            ["Simulator:SlowDelayMilliseconds"] = slowDelayMilliseconds.ToString(),
        }));

    /// <summary>A payment-service whose three vendors point at <paramref name="simulator"/>; <paramref name="vendorSettings"/>
    /// (e.g. ("TimeoutSeconds", "1")) apply to every vendor, <paramref name="settings"/> are full keys.</summary>
    public KestrelServiceFactory<PaymentServiceEntryPoint> StartPaymentService(
        KestrelServiceFactory<VendorSimulatorEntryPoint> simulator, (string Key, string Value)[]? vendorSettings = null, params (string Key, string Value)[] settings) =>
        Track(new KestrelServiceFactory<PaymentServiceEntryPoint>(PaymentSettings(simulator, vendorSettings, settings)));

    /// <summary>A payment-service with <paramref name="testServices"/> applied after its own registrations (e.g. a handler
    /// on its db-service client).</summary>
    public KestrelServiceFactory<PaymentServiceEntryPoint> StartPaymentServiceWith(
        KestrelServiceFactory<VendorSimulatorEntryPoint> simulator, Action<IServiceCollection> testServices, params (string Key, string Value)[] settings) =>
        Track(new KestrelServiceFactory<PaymentServiceEntryPoint>(PaymentSettings(simulator, null, settings), testServices));

    public Dictionary<string, string?> PaymentSettings(
        KestrelServiceFactory<VendorSimulatorEntryPoint> simulator, (string Key, string Value)[]? vendorSettings = null, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Services:DbService"] = DbService.BaseAddress.ToString(),
            ["Payments:FingerprintKey"] = FingerprintKey,
            // The abuse limits have their own tests; the others pay more often than a person would.
            ["Payments:PerUserPerMinute"] = "100000",
            ["Payments:PerClientPerMinute"] = "100000",
            ["Payments:DeclinesPerHour"] = "10000",
            ["Payments:CardsPerHour"] = "10000",
            ["Payments:WaitersPerKey"] = "1000",
        };
        foreach (var vendor in new[] { "Visa", "Mastercard", "Amex" })
        {
            all[$"Vendors:{vendor}:BaseUrl"] = simulator.BaseAddress.ToString();
            all[$"Vendors:{vendor}:ApiKey"] = SimulatorKey;
            all[$"Vendors:{vendor}:RetryDelaySeconds"] = "0.05";
            foreach (var (key, value) in vendorSettings ?? []) all[$"Vendors:{vendor}:{key}"] = value;
        }
        foreach (var (key, value) in settings) all[key] = value;
        return all;
    }

    public SimulatorAdmin AdminOf(KestrelServiceFactory<VendorSimulatorEntryPoint> simulator)
    {
        var client = simulator.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SimulatorKey);
        return new SimulatorAdmin(client);
    }

    public Task<Shopper> NewShopperAsync(KestrelServiceFactory<PaymentServiceEntryPoint>? payments = null) =>
        Shopper.SignUpAsync(Users.CreateClient(), (payments ?? Payments).CreateClient());

    /// <summary>A product in db-service's catalogue with a unique SKU; returns its id.</summary>
    public async Task<long> CreateProductAsync(long priceMinor, string currency = "EUR")
    {
        using var http = DbService.CreateInternalClient();
        var response = await http.PostAsJsonAsync("/api/v1/product", new
        {
            sku = $"sku-{Guid.NewGuid():N}", name = "Test product", description = "for payment tests", priceMinor, currency, stock = 100,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private KestrelServiceFactory<TEntryPoint> Track<TEntryPoint>(KestrelServiceFactory<TEntryPoint> host) where TEntryPoint : class
    {
        lock (_hosts)
        {
            _hosts.Add(host);
            _logs.Add(host.Logs);
        }
        return host;
    }

    public async Task DisposeAsync()
    {
        List<IAsyncDisposable> hosts;
        lock (_hosts) hosts = Enumerable.Reverse(_hosts).ToList();
        foreach (var host in hosts) await host.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsEnvironment>
{
    public const string Name = "payments";
}
