using System.Net;
using EShop.Payments.Tests.Support;
using Xunit;

namespace EShop.Payments.Tests.Payments;

[Collection(PaymentsCollection.Name)]
public sealed class PaymentMetricsTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task Vendor_outcomes_are_counted_per_vendor_on_metrics()
    {
        var payments = env.StartPaymentService(env.Simulator);
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(100);
        Assert.Equal(HttpStatusCode.Created, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.AmexApprove), (product, 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaDecline), (product, 1)))).StatusCode);

        var metrics = await payments.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("eshop_payments_vendor_charges_total{outcome=\"approved\",vendor=\"Amex\"} 1", metrics);
        Assert.Contains("eshop_payments_vendor_charges_total{outcome=\"declined\",vendor=\"Visa\"} 1", metrics);
    }
}
