using System.Net;
using EShop.Payments.Tests.Support;
using EShop.PaymentService;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Payments;

/// <summary>The abuse limits of /pay, shared through db-service by every replica: 429 with Retry-After.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class AbuseLimitTests(PaymentsEnvironment env)
{
    private KestrelServiceFactory<PaymentServiceEntryPoint> Limited(string setting, string value) =>
        env.StartPaymentService(env.Simulator, null, ($"Payments:{setting}", value));

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        await ProblemAssert.Is(response, HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds expected");
    }

    [Fact]
    public async Task The_per_user_limit_is_shared_by_every_replica()
    {
        var (one, two) = (Limited("PerUserPerMinute", "3"), Limited("PerUserPerMinute", "3"));
        var shopper = await env.NewShopperAsync(one);
        var product = await env.CreateProductAsync(300);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));

        await ResponseAssert.IsJson(await shopper.PayAsync(body), HttpStatusCode.Created);
        await ResponseAssert.IsJson(await shopper.Using(two.CreateClient()).PayAsync(body), HttpStatusCode.Created);
        await ResponseAssert.IsJson(await shopper.PayAsync(body), HttpStatusCode.Created);

        await AssertLimitedAsync(await shopper.Using(two.CreateClient()).PayAsync(body));
        // Another user is not affected.
        var other = await env.NewShopperAsync(two);
        await ResponseAssert.IsJson(await other.PayAsync(body), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_account_with_too_many_declines_in_an_hour_is_refused_and_nothing_is_charged()
    {
        var payments = Limited("DeclinesPerHour", "2");
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(300);
        var declined = PayBodies.WithCard(PayBodies.Card(TestCards.VisaDecline), (product, 1));
        await ProblemAssert.Is(await shopper.PayAsync(declined), HttpStatusCode.PaymentRequired);
        await ProblemAssert.Is(await shopper.PayAsync(declined), HttpStatusCode.PaymentRequired);

        var key = Shopper.NewKey();
        var approvable = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        await AssertLimitedAsync(await shopper.PayAsync(approvable, key));
        // The refusal was not stored as the key's answer: the key is free again (and still refused while the limit holds).
        await AssertLimitedAsync(await shopper.PayAsync(approvable, key));
    }

    [Fact]
    public async Task An_account_trying_too_many_different_cards_in_an_hour_is_refused_but_a_known_card_still_pays()
    {
        var payments = Limited("CardsPerHour", "2");
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(300);
        await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1))), HttpStatusCode.Created);
        await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.MastercardApprove), (product, 1))), HttpStatusCode.Created);

        await AssertLimitedAsync(await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.AmexApprove), (product, 1))));
        await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card("4242 4242 4242 4242"), (product, 1))), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Duplicates_beyond_the_waiter_cap_are_told_to_come_back()
    {
        var simulator = env.StartSimulator(slowDelayMilliseconds: 2000);
        var payments = env.StartPaymentService(simulator, [("TimeoutSeconds", "10")], ("Payments:WaitersPerKey", "2"));
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(300);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaSlow), (product, 1));
        var key = Shopper.NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => shopper.PayAsync(body, key)));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests), a => Assert.NotNull(a.Headers.RetryAfter));
    }
}
