using System.Net;
using EShop.Payments.Tests.Support;
using EShop.PaymentService;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Payments;

/// <summary>The round trips to db-service that a POST /pay costs, counted on payment-service's own db-service client: two
/// for a new payment (begin, finish), one for a replay or an answer decided before any charge.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class DbCallsPerPaymentTests(PaymentsEnvironment env)
{
    private const string Begin = "POST /api/v1/pay/begin";
    private const string Finish = "POST /api/v1/pay/finish";

    private (KestrelServiceFactory<PaymentServiceEntryPoint> Payments, DbCallCounter Counter) Counted()
    {
        var counter = new DbCallCounter();
        // No reconciler round while a test counts (its lock and list calls are not a payment's).
        var payments = env.StartPaymentServiceWith(env.Simulator, DbCallCounter.On(counter), ("Payments:ReconcileIntervalSeconds", "3600"));
        return (payments, counter);
    }

    [Fact]
    public async Task A_new_payment_costs_two_db_service_calls_and_its_replay_one()
    {
        var (payments, counter) = Counted();
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(1800);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 2));
        var key = Shopper.NewKey();

        var paid = await counter.DuringAsync(async () => await ResponseAssert.IsJson(
            await shopper.PayAsync(body, key), HttpStatusCode.Created));
        var replayed = await counter.DuringAsync(async () => Assert.True((await shopper.PayAsync(body, key)).Headers.Contains("Idempotent-Replayed")));

        Assert.Equal([Begin, Finish], paid);
        Assert.Equal([Begin], replayed);
    }

    [Fact]
    public async Task Saving_a_card_and_paying_with_it_cost_two_calls_each_and_a_decline_two()
    {
        var (payments, counter) = Counted();
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(900);
        Guid savedCardId = default;

        var saving = await counter.DuringAsync(async () => savedCardId = (await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.MastercardApprove, save: true), (product, 1))), HttpStatusCode.Created))
            .GetProperty("savedCardId").GetGuid());
        var withSaved = await counter.DuringAsync(async () => await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithSavedCard(savedCardId, (product, 1))), HttpStatusCode.Created));
        var declined = await counter.DuringAsync(async () => await ProblemAssert.Is(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaDecline), (product, 1))), HttpStatusCode.PaymentRequired));

        Assert.Equal([Begin, Finish], saving);
        Assert.Equal([Begin, Finish], withSaved);
        Assert.Equal([Begin, Finish], declined);
    }

    [Fact]
    public async Task A_refused_card_or_an_unknown_product_costs_one_call_and_charges_nothing()
    {
        var (payments, counter) = Counted();
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(900);
        var refusedCard = PayBodies.WithCard(PayBodies.Card("4242424242424241"), (product, 1));
        var key = Shopper.NewKey();

        var refused = await counter.DuringAsync(async () => await ProblemAssert.NamesField(
            await shopper.PayAsync(refusedCard, key), HttpStatusCode.UnprocessableEntity, "card.number"));
        var replayed = await counter.DuringAsync(async () => Assert.True((await shopper.PayAsync(refusedCard, key)).Headers.Contains("Idempotent-Replayed")));
        var unknown = await counter.DuringAsync(async () => await ProblemAssert.NamesField(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (long.MaxValue - 3, 1))), HttpStatusCode.UnprocessableEntity, "items[0].productId"));

        Assert.Equal([Begin], refused);
        Assert.Equal([Begin], replayed);
        Assert.Equal([Begin], unknown);
    }
}
