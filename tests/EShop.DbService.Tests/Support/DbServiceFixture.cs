using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Support;

/// <summary>PostgreSQL and db-service alone (<see cref="ShopHosts"/>), shared by a collection, with db-service's clients.</summary>
public sealed class DbServiceFixture() : ShopHosts(new ShopHostOptions())
{
    /// <summary>The typed client other services use, presenting the catalog operator's credential.</summary>
    public DbClient Client { get; private set; } = null!;

    /// <summary>Raw HTTP with the operator's credential, for requests the typed client cannot make (bad input).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>As user-service, the only caller granted sessions and password hashes (POST /session, GET /user?email=).</summary>
    public DbClient UserServiceClient { get; private set; } = null!;

    public HttpClient UserServiceHttp { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Http = DbService.CreateInternalClient();
        Client = new DbClient(DbService.CreateInternalClient());
        UserServiceClient = ClientAs("user-service");
        UserServiceHttp = DbService.CreateInternalClient("user-service");
    }

    /// <summary>The typed client presenting <paramref name="caller"/>'s own credential, for routes the operator is not granted.</summary>
    public DbClient ClientAs(string caller) => new(DbService.CreateInternalClient(caller));

    /// <summary>A client without the internal credential.</summary>
    public HttpClient CreateAnonymousClient() => DbService.CreateClient();
}

[CollectionDefinition(Name)]
public sealed class DbServiceCollection : ICollectionFixture<DbServiceFixture>
{
    public const string Name = "db-service";
}
