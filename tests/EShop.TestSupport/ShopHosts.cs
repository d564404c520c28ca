using EShop.DbService;
using EShop.PaymentService;
using EShop.ProductService;
using EShop.UserService;
using EShop.VendorSimulator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace EShop.TestSupport;

/// <summary>Which services <see cref="ShopHosts"/> starts beside PostgreSQL and db-service. Payments brings the vendor
/// simulator its three vendors point at.</summary>
public sealed record ShopHostOptions(bool Users = false, bool Products = false, bool Payments = false);

/// <summary>The one way tests start what they need: a throwaway PostgreSQL with one fresh database migrated at start-up,
/// db-service on real Kestrel in front of it, and the chosen services pointed at that db-service, each on loopback.
/// Start it for one test with <see cref="StartAsync"/>, or share one across a collection by deriving a fixture from it.
/// Tests share the database, so each one works with its own unique emails, SKUs and ids.</summary>
public class ShopHosts : IAsyncLifetime
{
    public const string SimulatorKey = "simulator-api-key-0123456789";
    public const string FingerprintKey = "payment-fingerprint-key-for-tests-0123456789";

    private readonly ShopHostOptions _options;
    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly List<CapturedLogs> _logs = [];
    private ThrowawayPostgres? _postgres;
    private KestrelServiceFactory<UserServiceEntryPoint>? _users;
    private KestrelServiceFactory<ProductServiceEntryPoint>? _products;
    private KestrelServiceFactory<VendorSimulatorEntryPoint>? _simulator;
    private KestrelServiceFactory<PaymentServiceEntryPoint>? _payments;
    private int _databases;

    protected ShopHosts(ShopHostOptions options) => _options = options;

    /// <summary>Starts PostgreSQL, db-service and the services asked for; the caller disposes of them all.</summary>
    public static async Task<ShopHosts> StartAsync(bool users = false, bool products = false, bool payments = false)
    {
        var hosts = new ShopHosts(new ShopHostOptions(users, products, payments));
        try
        {
            await hosts.InitializeAsync();
            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    public ThrowawayPostgres Postgres => _postgres ?? throw NotStarted("PostgreSQL");
    public string ConnectionString { get; private set; } = "";
    public KestrelServiceFactory<DbServiceEntryPoint> DbService { get; private set; } = null!;

    /// <summary>Direct SQL on the shop's database, for states the API cannot create (an expired session or lease).</summary>
    public NpgsqlDataSource Sql { get; private set; } = null!;

    public KestrelServiceFactory<UserServiceEntryPoint> Users => _users ?? throw NotStarted("user-service");
    public KestrelServiceFactory<ProductServiceEntryPoint> Products => _products ?? throw NotStarted("product-service");
    public KestrelServiceFactory<VendorSimulatorEntryPoint> Simulator => _simulator ?? throw NotStarted("the vendor simulator");
    public KestrelServiceFactory<PaymentServiceEntryPoint> Payments => _payments ?? throw NotStarted("payment-service");

    /// <summary>Every host started so far, for scanning their captured logs.</summary>
    public IEnumerable<CapturedLogs> AllLogs
    {
        get { lock (_hosts) return _logs.ToArray(); }
    }

    public virtual async ValueTask InitializeAsync()
    {
        _postgres = await ThrowawayPostgres.LaunchAsync(TestContext.Current.CancellationToken);
        ConnectionString = await CreateDatabaseAsync();
        DbService = Track(new KestrelServiceFactory<DbServiceEntryPoint>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
        }));
        Sql = NpgsqlDataSource.Create(ConnectionString);
        if (_options.Users || _options.Payments) _users = StartUserService();
        if (_options.Products) _products = StartProductService();
        if (_options.Payments)
        {
            _simulator = StartSimulator();
            _payments = StartPaymentService(_simulator);
        }
    }

    /// <summary>Another empty database on the same server (not migrated), e.g. for migration tests.</summary>
    public Task<string> CreateDatabaseAsync() =>
        Postgres.CreateDatabaseAsync($"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}", TestContext.Current.CancellationToken);

    /// <summary>A user-service on the shared db-service. All tests call from 127.0.0.1, so the per-client login limit is
    /// lifted unless a test sets it.</summary>
    public KestrelServiceFactory<UserServiceEntryPoint> StartUserService(params (string Key, string? Value)[] settings) =>
        Track(new KestrelServiceFactory<UserServiceEntryPoint>(OnDbService([("LoginLimits:PerClientPermitLimit", "1000000"), .. settings])));

    public KestrelServiceFactory<ProductServiceEntryPoint> StartProductService(params (string Key, string? Value)[] settings) =>
        Track(new KestrelServiceFactory<ProductServiceEntryPoint>(OnDbService(settings)));

    public KestrelServiceFactory<VendorSimulatorEntryPoint> StartSimulator(int slowDelayMilliseconds = 3000) =>
        Track(new KestrelServiceFactory<VendorSimulatorEntryPoint>(new Dictionary<string, string?>
        {
            ["Simulator:ApiKey"] = SimulatorKey,
            ["Simulator:SlowDelayMilliseconds"] = slowDelayMilliseconds.ToString(),
        }));

    /// <summary>A payment-service whose three vendors point at <paramref name="simulator"/>; <paramref name="vendorSettings"/>
    /// (e.g. ("TimeoutSeconds", "1")) apply to every vendor, <paramref name="settings"/> are full keys.</summary>
    public KestrelServiceFactory<PaymentServiceEntryPoint> StartPaymentService(KestrelServiceFactory<VendorSimulatorEntryPoint> simulator,
        (string Key, string Value)[]? vendorSettings = null, params (string Key, string Value)[] settings) =>
        Track(new KestrelServiceFactory<PaymentServiceEntryPoint>(PaymentSettings(simulator, vendorSettings, settings)));

    /// <summary>A payment-service with <paramref name="testServices"/> applied after its own registrations (e.g. a handler
    /// on its db-service client).</summary>
    public KestrelServiceFactory<PaymentServiceEntryPoint> StartPaymentServiceWith(KestrelServiceFactory<VendorSimulatorEntryPoint> simulator,
        Action<IServiceCollection> testServices, params (string Key, string Value)[] settings) =>
        Track(new KestrelServiceFactory<PaymentServiceEntryPoint>(PaymentSettings(simulator, null, settings), testServices));

    public Dictionary<string, string?> PaymentSettings(KestrelServiceFactory<VendorSimulatorEntryPoint> simulator,
        (string Key, string Value)[]? vendorSettings = null, params (string Key, string Value)[] settings)
    {
        var all = OnDbService(
        [
            ("Payments:FingerprintKey", FingerprintKey),
            // The abuse limits have their own tests; the others pay more often than a person would.
            ("Payments:PerUserPerMinute", "100000"),
            ("Payments:PerClientPerMinute", "100000"),
            ("Payments:DeclinesPerHour", "10000"),
            ("Payments:CardsPerHour", "10000"),
            ("Payments:WaitersPerKey", "1000"),
        ]);
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

    /// <summary>Ends the lease on a user's idempotency key at once, as if its holder had been slow past it.</summary>
    public async Task ExpireLeaseAsync(Guid userId, string key)
    {
        await using var command = Sql.CreateCommand(
            "UPDATE idempotency_records SET lease_expires_at = now() - interval '1 second' WHERE user_id = $1 AND key = $2");
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(key);
        if (await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken) != 1)
            throw new InvalidOperationException($"no idempotency record for key {key}");
    }

    private Dictionary<string, string?> OnDbService(IEnumerable<(string Key, string? Value)> settings)
    {
        var all = new Dictionary<string, string?> { ["Services:DbService"] = DbService.BaseAddress.ToString() };
        foreach (var (key, value) in settings) all[key] = value;
        return all;
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

    private static InvalidOperationException NotStarted(string what) => new($"{what} was not asked for (ShopHostOptions)");

    public virtual async ValueTask DisposeAsync()
    {
        List<IAsyncDisposable> hosts;
        lock (_hosts) hosts = Enumerable.Reverse(_hosts).ToList();
        foreach (var host in hosts) await host.DisposeAsync();
        if (Sql is not null) await Sql.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
