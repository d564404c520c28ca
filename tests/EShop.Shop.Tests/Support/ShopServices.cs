using EShop.DbService;
using EShop.ProductService;
using EShop.TestSupport;
using EShop.UserService;
using Npgsql;
using Xunit;

namespace EShop.Shop.Tests.Support;

/// <summary>A real PostgreSQL, a real db-service and default user and product services on loopback, shared
/// by the tests of <see cref="ShopServicesCollection"/>. Tests that need other settings start their own
/// instances (pointed at the same db-service) through <see cref="StartUserService"/> and <see cref="StartProductService"/>.</summary>
public sealed class ShopServices : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();
    private readonly List<IAsyncDisposable> _hosts = [];

    public string ConnectionString { get; private set; } = "";
    public KestrelServiceFactory<DbServiceEntryPoint> DbService { get; private set; } = null!;
    public KestrelServiceFactory<UserServiceEntryPoint> Users { get; private set; } = null!;
    public KestrelServiceFactory<ProductServiceEntryPoint> Products { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        ConnectionString = await _postgres.CreateDatabaseAsync();
        DbService = Track(new KestrelServiceFactory<DbServiceEntryPoint>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
        }));
        Users = StartUserService();
        Products = StartProductService();
    }

    /// <summary>A user-service on the shared db-service. All tests call from 127.0.0.1, so the per-client
    /// limit is lifted unless a test sets it.</summary>
    public KestrelServiceFactory<UserServiceEntryPoint> StartUserService(params (string Key, string? Value)[] settings) =>
        Track(new KestrelServiceFactory<UserServiceEntryPoint>(Settings(settings, ("LoginLimits:PerClientPermitLimit", "1000000"))));

    public KestrelServiceFactory<ProductServiceEntryPoint> StartProductService(params (string Key, string? Value)[] settings) =>
        Track(new KestrelServiceFactory<ProductServiceEntryPoint>(Settings(settings)));

    /// <summary>Runs SQL against the shop's database, for states the API cannot create (e.g. an expired session).</summary>
    public async Task<int> ExecuteSqlAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    private Dictionary<string, string?> Settings((string Key, string? Value)[] settings, params (string Key, string? Value)[] defaults)
    {
        var all = new Dictionary<string, string?> { ["Services:DbService"] = DbService.BaseAddress.ToString() };
        foreach (var (key, value) in defaults.Concat(settings)) all[key] = value;
        return all;
    }

    private T Track<T>(T host) where T : IAsyncDisposable
    {
        lock (_hosts) _hosts.Add(host);
        return host;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts)) await host.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ShopServicesCollection : ICollectionFixture<ShopServices>
{
    public const string Name = "user and product services";
}
