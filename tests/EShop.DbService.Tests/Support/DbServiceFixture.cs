using EShop.DbService;
using EShop.DbServiceClient;
using EShop.ServiceDefaults.Security;
using EShop.TestSupport;
using Npgsql;
using Xunit;

namespace EShop.DbService.Tests.Support;

/// <summary>A private PostgreSQL server, one fresh database migrated at startup, and db-service on real Kestrel
/// in front of it. Tests share the database, so each one works with its own unique emails, SKUs and ids.</summary>
public sealed class DbServiceFixture : IAsyncLifetime
{
    public PostgresFixture Postgres { get; } = new();
    public string ConnectionString { get; private set; } = "";
    public KestrelServiceFactory<DbServiceEntryPoint> Service { get; private set; } = null!;
    public NpgsqlDataSource Sql { get; private set; } = null!;

    /// <summary>The typed client other services use, presenting the catalog operator's credential.</summary>
    public DbClient Client { get; private set; } = null!;

    /// <summary>Raw HTTP with the operator's credential, for requests the typed client cannot make (bad input).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>As user-service, the only caller granted sessions and password hashes (POST /session, GET /user?email=).</summary>
    public DbClient UserServiceClient { get; private set; } = null!;

    public HttpClient UserServiceHttp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync();
        Service = new KestrelServiceFactory<DbServiceEntryPoint>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Database:MigrateOnStartup"] = "true",
        });
        Http = Service.CreateInternalClient();
        Client = new DbClient(Service.CreateInternalClient());
        UserServiceClient = new DbClient(Service.CreateInternalClient("user-service"));
        UserServiceHttp = Service.CreateInternalClient("user-service");
        Sql = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The typed client presenting <paramref name="caller"/>'s own credential, for routes the operator is not granted.</summary>
    public DbClient ClientAs(string caller) => new(Service.CreateInternalClient(caller));

    /// <summary>A client without the internal credential.</summary>
    public HttpClient CreateAnonymousClient() => Service.CreateClient();

    public async Task DisposeAsync()
    {
        await Sql.DisposeAsync();
        await Service.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DbServiceCollection : ICollectionFixture<DbServiceFixture>
{
    public const string Name = "db-service";
}
