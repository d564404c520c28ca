using System.Net;
using EShop.Payments.Tests.Support;
using EShop.PaymentService;
using EShop.PaymentService.Payments;
using EShop.ServiceDefaults.Configuration;
using EShop.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EShop.Payments.Tests.Payments;

/// <summary>No wait inside /pay outlasts Payments__WaitSeconds, which must end before the edge's timeout.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class WaitBoundTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task A_holder_and_its_duplicates_answer_within_the_bound_and_the_retry_gets_the_charge()
    {
        var simulator = env.StartSimulator(slowDelayMilliseconds: 4000);
        var payments = env.StartPaymentService(simulator, [("TimeoutSeconds", "10")], ("Payments:WaitSeconds", "1"));
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(800);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaSlow), (product, 1));
        var key = Shopper.NewKey();

        var answers = await Task.WhenAll(shopper.PayAsync(body, key), shopper.PayAsync(body, key));

        // The holder answers 503 (its work goes on), the duplicate 409: both with Retry-After, neither waits for the vendor.
        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.ServiceUnavailable], answers.Select(a => a.StatusCode).Order());
        Assert.All(answers, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero));
        var paymentId = (await ProblemAssert.Is(answers.Single(a => a.StatusCode == HttpStatusCode.ServiceUnavailable),
            HttpStatusCode.ServiceUnavailable)).GetProperty("paymentId").GetGuid();

        HttpResponseMessage retry;
        var tries = 0;
        do
        {
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            retry = await shopper.PayAsync(body, key);
        } while (retry.StatusCode != HttpStatusCode.Created && ++tries < 10);
        Assert.Equal(paymentId, (await ResponseAssert.IsJson(retry, HttpStatusCode.Created)).GetProperty("paymentId").GetGuid());
        Assert.Single(await env.AdminOf(simulator).ChargesForAsync(paymentId));
    }

    [Theory]
    [InlineData("28", "30", false)]
    [InlineData("25", "30", true)]
    [InlineData("55", "60", true)]
    [InlineData("58", "60", false)]
    public void A_wait_bound_that_reaches_the_edges_timeout_stops_the_service_at_startup_naming_the_setting(string wait, string edge, bool valid)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Payments:FingerprintKey"] = PaymentsEnvironment.FingerprintKey,
            ["Payments:WaitSeconds"] = wait,
            ["Payments:EdgeTimeoutSeconds"] = edge,
        }).Build());
        services.AddValidatedOptions<PaymentOptions>(PaymentOptions.Section);
        var options = services.BuildServiceProvider().GetRequiredService<IOptions<PaymentOptions>>();

        if (valid)
        {
            Assert.Equal(double.Parse(wait), options.Value.WaitSeconds);
            return;
        }
        var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => options.Value).Failures);
        Assert.Contains("Payments__WaitSeconds", failure);
        Assert.Contains("Payments__EdgeTimeoutSeconds", failure);
    }
}
