using System.Net;
using System.Text.Json.Nodes;
using EShop.DbService.Contracts;
using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Payments;

[Collection(PaymentsCollection.Name)]
public sealed class PayTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task An_approved_payment_charges_the_catalogue_total_once_and_answers_201()
    {
        var shopper = await env.NewShopperAsync();
        var book = await env.CreateProductAsync(1250);
        var pen = await env.CreateProductAsync(399);

        var response = await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (book, 2), (pen, 1)));

        var body = await ResponseAssert.IsJson(response, HttpStatusCode.Created);
        var paymentId = body.GetProperty("paymentId").GetGuid();
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Equal("Visa", body.GetProperty("vendor").GetString());
        Assert.Equal("Visa", body.GetProperty("brand").GetString());
        Assert.Equal("4242", body.GetProperty("last4").GetString());
        Assert.Equal(2 * 1250 + 399, body.GetProperty("amountMinor").GetInt64());
        Assert.Equal("EUR", body.GetProperty("currency").GetString());
        Assert.DoesNotContain(TestCards.VisaApprove, body.ToString());

        var charge = Assert.Single(await env.AdminOf(env.Simulator).ChargesForAsync(paymentId));
        Assert.Equal(2 * 1250 + 399, charge.AmountMinor);
        var stored = (await env.Db.GetPaymentAsync(paymentId, TestContext.Current.CancellationToken)).Required;
        Assert.Equal(PaymentStatus.Approved, stored.Status);
        Assert.Equal(charge.ChargeId, stored.VendorReference);
        Assert.Equal(shopper.UserId, stored.UserId);
    }

    [Theory]
    [InlineData("price")]
    [InlineData("amountMinor")]
    [InlineData("amount")]
    public async Task A_client_supplied_price_is_refused_by_name_and_nothing_is_charged(string member)
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(5000);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        body[member] = 1;
        var chargesBefore = (await env.AdminOf(env.Simulator).ChargesAsync()).Count;

        await ProblemAssert.NamesField(await shopper.PayAsync(body), HttpStatusCode.BadRequest, member);

        Assert.Equal(chargesBefore, (await env.AdminOf(env.Simulator).ChargesAsync()).Count);
    }

    [Fact]
    public async Task A_price_inside_an_item_is_refused_too()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(5000);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        body["items"]![0]!["unitPriceMinor"] = 1;

        var problem = await ProblemAssert.Is(await shopper.PayAsync(body), HttpStatusCode.BadRequest);
        Assert.Contains("unitPriceMinor", problem.GetProperty("errors").ToString());
    }

    [Fact]
    public async Task Without_a_bearer_token_the_answer_is_401()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1)).ToJsonString();

        await ProblemAssert.Is(await shopper.SendPayAsync(body, Shopper.NewKey(), token: null), HttpStatusCode.Unauthorized);
        await ProblemAssert.Is(await shopper.SendPayAsync(body, Shopper.NewKey(), token: "not-a-real-token"), HttpStatusCode.Unauthorized);
        await ProblemAssert.Is(await shopper.SendPayAsync("{\"price\":1}", idempotencyKey: null, token: null), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tab\tinside")]
    [InlineData("del\u007fcharacter")]
    [InlineData("a, b")] // what two Idempotency-Key headers fold into (RFC 9110 §5.3): never one key
    public async Task Without_a_well_formed_idempotency_key_the_answer_is_400(string? key)
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1)).ToJsonString();

        await ProblemAssert.NamesField(await shopper.SendPayAsync(body, key, shopper.Token), HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task An_idempotency_key_longer_than_255_characters_is_refused()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));

        await ProblemAssert.NamesField(await shopper.PayAsync(body, new string('k', 256)), HttpStatusCode.BadRequest, "Idempotency-Key");
        await ResponseAssert.IsJson(await shopper.PayAsync(body, new string('k', 255)), HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_unknown_product_is_named_with_422()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1), (long.MaxValue - 7, 1));

        await ProblemAssert.NamesField(await shopper.PayAsync(body), HttpStatusCode.UnprocessableEntity, "items[1].productId");
    }

    [Fact]
    public async Task Products_in_different_currencies_cannot_be_paid_together()
    {
        var shopper = await env.NewShopperAsync();
        var euro = await env.CreateProductAsync(100, "EUR");
        var dollar = await env.CreateProductAsync(100, "USD");

        await ProblemAssert.NamesField(await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (euro, 1), (dollar, 1))),
            HttpStatusCode.UnprocessableEntity, "items");
    }

    [Theory]
    [InlineData(TestCards.VisaDecline, "card_declined")]
    [InlineData(TestCards.VisaInsufficientFunds, "insufficient_funds")]
    [InlineData(TestCards.AmexDecline, "card_declined")]
    public async Task A_declined_card_answers_402_with_one_generic_reason_and_the_record_keeps_the_vendors(string number, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(700);

        var problem = await ProblemAssert.Is(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(number), (product, 1))), HttpStatusCode.PaymentRequired);

        Assert.Equal("card_declined", problem.GetProperty("reason").GetString());
        Assert.DoesNotContain(reason == "card_declined" ? "insufficient" : reason, problem.GetRawText());
        var payment = (await env.Db.GetPaymentAsync(problem.GetProperty("paymentId").GetGuid(), ct)).Required;
        Assert.Equal(PaymentStatus.Declined, payment.Status);
        Assert.Equal(reason, payment.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exactly_one_of_card_and_saved_card_is_required(bool both)
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var body = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["productId"] = product, ["quantity"] = 1 }) };
        if (both)
        {
            body["card"] = PayBodies.Card(TestCards.VisaApprove);
            body["savedCardId"] = Guid.NewGuid();
        }

        await ProblemAssert.NamesField(await shopper.PayAsync(body), HttpStatusCode.BadRequest, "card");
    }

    [Fact]
    public async Task A_saved_card_stores_only_the_vendor_token_and_pays_again_without_the_number()
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(2500);

        var first = await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.MastercardApprove, save: true), (product, 1))), HttpStatusCode.Created);
        var savedCardId = first.GetProperty("savedCardId").GetGuid();

        var card = Assert.Single((await env.Db.ListCardsAsync(shopper.UserId, ct)).Required);
        Assert.Equal(savedCardId, card.Id);
        Assert.Equal(("Mastercard", "Mastercard", "4444", 12, PayBodies.FutureYear), (card.Vendor, card.Brand, card.Last4, card.ExpiryMonth, card.ExpiryYear));
        Assert.StartsWith("tok_", card.VendorToken);

        var again = await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithSavedCard(savedCardId, (product, 2))), HttpStatusCode.Created);
        Assert.Equal(("Mastercard", "4444", 5000L), (again.GetProperty("vendor").GetString(), again.GetProperty("last4").GetString(), again.GetProperty("amountMinor").GetInt64()));
        var payment = (await env.Db.GetPaymentAsync(again.GetProperty("paymentId").GetGuid(), ct)).Required;
        Assert.Equal(savedCardId, payment.CardId);
        Assert.Single(await env.AdminOf(env.Simulator).ChargesForAsync(payment.Id));
    }

    [Fact]
    public async Task Another_users_saved_card_is_not_found()
    {
        var owner = await env.NewShopperAsync();
        var stranger = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var saved = await ResponseAssert.IsJson(
            await owner.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove, save: true), (product, 1))), HttpStatusCode.Created);

        await ProblemAssert.NamesField(await stranger.PayAsync(PayBodies.WithSavedCard(saved.GetProperty("savedCardId").GetGuid(), (product, 1))),
            HttpStatusCode.NotFound, "savedCardId");
        await ProblemAssert.NamesField(await stranger.PayAsync(PayBodies.WithSavedCard(Guid.NewGuid(), (product, 1))),
            HttpStatusCode.NotFound, "savedCardId");
    }
}
