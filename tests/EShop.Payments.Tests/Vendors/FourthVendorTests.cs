using System.Net;
using EShop.Payments.Tests.Support;
using EShop.PaymentService;
using EShop.PaymentService.Vendors;
using EShop.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Xunit;

namespace EShop.Payments.Tests.Vendors;

[Collection(PaymentsCollection.Name)]
public sealed class FourthVendorTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task A_fourth_vendor_is_one_class_and_one_configuration_block()
    {
        await using var host = new KestrelServiceFactory<PaymentServiceEntryPoint>(env.PaymentSettings(env.Simulator));
        await using var withDiscover = host.WithWebHostBuilder(web =>
        {
            web.UseSetting("Vendors:Discover:BaseUrl", env.Simulator.BaseAddress.ToString());
            web.UseSetting("Vendors:Discover:ApiKey", PaymentsEnvironment.SimulatorKey);
            web.ConfigureTestServices(services => services.AddPaymentVendor<DiscoverVendor>(DiscoverVendor.VendorName));
        });
        var shopper = (await env.NewShopperAsync()).Using(withDiscover.CreateClient());
        var product = await env.CreateProductAsync(3300);

        var discover = await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.DiscoverApprove), (product, 1))), HttpStatusCode.Created);
        var visa = await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1))), HttpStatusCode.Created);

        Assert.Equal(("Discover", "Discover"), (discover.GetProperty("vendor").GetString(), discover.GetProperty("brand").GetString()));
        var admin = env.AdminOf(env.Simulator);
        Assert.Equal("discover", Assert.Single(await admin.ChargesForAsync(discover.GetProperty("paymentId").GetGuid())).Vendor);
        Assert.Equal("visa", Assert.Single(await admin.ChargesForAsync(visa.GetProperty("paymentId").GetGuid())).Vendor);
    }
}
