using EShop.DbServiceClient;
using EShop.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EShop.DbService.Tests.Support;

/// <summary>A second db-service on the fixture's database whose clock only moves when a test moves it.</summary>
public sealed class ClockedDbService : IAsyncDisposable
{
    public ClockedDbService(DbServiceFixture db, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = db.ConnectionString };
        foreach (var (key, value) in settings) all[key] = value;
        Service = new KestrelServiceFactory<DbServiceEntryPoint>(all, services => services.AddSingleton<TimeProvider>(Clock));
        Http = Service.CreateInternalClient();
        Client = new DbClient(Service.CreateInternalClient());
        UserServiceClient = new DbClient(Service.CreateInternalClient("user-service"));
    }

    /// <summary>Starts at the real time (to the millisecond, as PostgreSQL keeps microseconds).</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public KestrelServiceFactory<DbServiceEntryPoint> Service { get; }
    public HttpClient Http { get; }
    public DbClient Client { get; }

    /// <summary>As user-service, the only caller granted sessions and password hashes.</summary>
    public DbClient UserServiceClient { get; }

    public ValueTask DisposeAsync() => Service.DisposeAsync();
}
