using System.Net;
using System.Text.Json.Nodes;
using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Cards;

/// <summary>Card rules over HTTP: the right status, the field named, the number never echoed, nothing charged.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class CardRulesTests(PaymentsEnvironment env)
{
    public static TheoryData<string, JsonObject, HttpStatusCode, string> BadCards => new()
    {
        { "Luhn-invalid", PayBodies.Card("4242424242424241"), HttpStatusCode.UnprocessableEntity, "card.number" },
        { "unknown brand", PayBodies.Card("9999999999999995"), HttpStatusCode.UnprocessableEntity, "card.number" },
        { "brand without a vendor", PayBodies.Card(TestCards.DiscoverApprove), HttpStatusCode.UnprocessableEntity, "card.number" },
        { "wrong length for the brand", PayBodies.Card("424242424242424"), HttpStatusCode.UnprocessableEntity, "card.number" },
        { "expired last year", PayBodies.Card(TestCards.VisaApprove, expiryYear: DateTime.UtcNow.Year - 1), HttpStatusCode.UnprocessableEntity, "card.expiryYear" },
        { "3-digit CVC on AMEX", PayBodies.Card(TestCards.AmexApprove, cvc: TestCards.Cvc), HttpStatusCode.UnprocessableEntity, "card.cvc" },
        { "letters in the number", PayBodies.Card("4242abcd42424242"), HttpStatusCode.BadRequest, "card.number" },
        { "too short", PayBodies.Card("42424242"), HttpStatusCode.BadRequest, "card.number" },
        { "month 13", PayBodies.Card(TestCards.VisaApprove, expiryMonth: 13), HttpStatusCode.BadRequest, "card.expiryMonth" },
        { "CVC with letters", PayBodies.Card(TestCards.VisaApprove, cvc: "7a9"), HttpStatusCode.BadRequest, "card.cvc" },
    };

    [Theory]
    [MemberData(nameof(BadCards))]
    public async Task A_bad_card_is_refused_naming_the_field_without_echoing_the_number(string why, JsonObject card, HttpStatusCode status, string field)
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var number = card["number"]!.GetValue<string>();
        var chargesBefore = (await env.AdminOf(env.Simulator).ChargesAsync()).Count;

        var response = await shopper.PayAsync(PayBodies.WithCard(card, (product, 1)));

        var problem = await ProblemAssert.NamesField(response, status, field);
        Assert.False(problem.ToString().Contains(number), why);
        Assert.Equal(chargesBefore, (await env.AdminOf(env.Simulator).ChargesAsync()).Count);
    }

    [Fact]
    public async Task A_card_number_sent_as_a_json_number_is_a_400_naming_it()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(100);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        body["card"]!["number"] = 4242424242424242;

        var problem = await ProblemAssert.Is(await shopper.PayAsync(body), HttpStatusCode.BadRequest);
        Assert.Contains("card.number", problem.GetProperty("errors").ToString());
        Assert.DoesNotContain(TestCards.VisaApprove, problem.ToString());
    }
}
