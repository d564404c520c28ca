using System.Net;
using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Vendors;

/// <summary>Each brand reaches its own vendor adapter (the simulator logs which vendor API was called).</summary>
[Collection(PaymentsCollection.Name)]
public sealed class BrandRoutingTests(PaymentsEnvironment env)
{
    [Theory]
    [InlineData(TestCards.VisaApprove, "Visa", "visa")]
    [InlineData(TestCards.MastercardApprove, "Mastercard", "mastercard")]
    [InlineData(TestCards.Mastercard2SeriesApprove, "Mastercard", "mastercard")]
    [InlineData(TestCards.AmexApprove, "Amex", "amex")]
    public async Task Each_brand_is_charged_through_its_own_vendor(string number, string vendor, string vendorApi)
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(990);

        var body = await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(number), (product, 1))), HttpStatusCode.Created);

        Assert.Equal(vendor, body.GetProperty("vendor").GetString());
        Assert.Equal(vendor, body.GetProperty("brand").GetString());
        var charge = Assert.Single(await env.AdminOf(env.Simulator).ChargesForAsync(body.GetProperty("paymentId").GetGuid()));
        Assert.Equal(vendorApi, charge.Vendor);
        Assert.Equal(number[^4..], charge.Last4);
    }
}
