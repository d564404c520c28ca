using System.Net;
using EShop.Payments.Tests.Support;
using EShop.Payments.Tests.Telemetry;
using Xunit;

namespace EShop.Payments.Tests.Payments;

[Collection(PaymentsCollection.Name)]
public sealed class PaymentMetricsTests(PaymentsEnvironment env)
{
    private const string Charges = "eshop_payments_vendor_charges_total";

    [Fact]
    public async Task Vendor_outcomes_are_counted_per_vendor_on_metrics()
    {
        var ct = TestContext.Current.CancellationToken;
        var payments = env.StartPaymentService(env.Simulator);
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(100);
        var before = await payments.CreateClient().GetStringAsync("/metrics", ct);
        Assert.Equal(HttpStatusCode.Created, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.AmexApprove), (product, 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaDecline), (product, 1)))).StatusCode);

        var after = await payments.CreateClient().GetStringAsync("/metrics", ct);

        double Counted(string vendor, string outcome) =>
            PrometheusScrape.Sum(after, Charges, ("vendor", vendor), ("outcome", outcome)) - PrometheusScrape.Sum(before, Charges, ("vendor", vendor), ("outcome", outcome));
        Assert.Equal(1, Counted("Amex", "approved"));
        Assert.Equal(1, Counted("Visa", "declined"));
        Assert.Equal(0, Counted("Visa", "approved"));
    }
}
