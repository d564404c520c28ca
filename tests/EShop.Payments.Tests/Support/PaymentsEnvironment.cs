using System.Net;
using System.Net.Http.Json;
using EShop.DbServiceClient;
using EShop.PaymentService;
using EShop.TestSupport;
using EShop.VendorSimulator;
using Xunit;

namespace EShop.Payments.Tests.Support;

/// <summary>user-service, the vendor simulator and payment-service on one db-service (<see cref="ShopHosts"/>), shared by
/// the tests of <see cref="PaymentsCollection"/>. Tests needing other vendor settings (short timeouts, a breaker to open)
/// start their own simulator and payment-service on the same db-service.</summary>
public sealed class PaymentsEnvironment() : ShopHosts(new ShopHostOptions(Users: true, Payments: true))
{
    /// <summary>db-service's typed client, with the internal credential.</summary>
    public DbClient Db { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Db = new DbClient(DbService.CreateInternalClient());
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
            sku = $"sku-{Guid.NewGuid():N}",
            name = "Test product",
            description = "for payment tests",
            priceMinor,
            currency,
            stock = 100,
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsEnvironment>
{
    public const string Name = "payments";
}
