using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class CardApiTests(DbServiceFixture db)
{
    private const string Pan = "4111111111111111";

    [Fact]
    public async Task A_card_is_created_listed_read_and_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var request = TestData.Card(user.Id);
        var card = (await db.Client.CreateCardAsync(request, ct)).Required;
        Assert.Equal((user.Id, "Visa", request.VendorToken, "4242", 12, 2031, request.HolderName),
            (card.UserId, card.Vendor, card.VendorToken, card.Last4, card.ExpiryMonth, card.ExpiryYear, card.HolderName));

        var second = (await db.Client.CreateCardAsync(TestData.Card(user.Id, "tok_mc_other"), ct)).Required;
        Assert.Equal([card.Id, second.Id], (await db.Client.ListCardsAsync(user.Id, ct)).Required.Select(c => c.Id));
        Assert.Equal(card, (await db.Client.GetCardAsync(card.Id, ct)).Required);

        Assert.Equal(DbOutcome.Ok, (await db.Client.DeleteCardAsync(card.Id, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.GetCardAsync(card.Id, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.DeleteCardAsync(card.Id, ct)).Outcome);
        Assert.Empty((await db.Client.ListCardsAsync(Guid.NewGuid(), ct)).Required);
    }

    [Fact]
    public async Task A_card_for_an_unknown_user_is_a_404_naming_userId()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await db.Http.PostAsJsonAsync("api/v1/creditcard", TestData.Card(Guid.NewGuid()), cancellationToken: ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.NotFound, "userId");
    }

    [Theory]
    [InlineData("number")]
    [InlineData("cardNumber")]
    [InlineData("pan")]
    [InlineData("cvc")]
    [InlineData("cvv")]
    [InlineData("cvv2")]
    [InlineData("securityCode")]
    [InlineData("card_number")]
    public async Task A_card_number_or_security_code_member_is_refused_by_name(string member)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var body = CardJson(user.Id);
        body[member] = member.Contains("number", StringComparison.OrdinalIgnoreCase) || member == "pan" ? Pan : "123";

        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/creditcard", body, cancellationToken: ct), HttpStatusCode.BadRequest, member);

        Assert.Empty((await db.Client.ListCardsAsync(user.Id, ct)).Required);
        Assert.DoesNotContain(db.DbService.Logs.Lines, line => line.Contains(Pan));
    }

    [Theory]
    [InlineData("vendorToken", Pan)]
    [InlineData("vendorToken", "tok 4111 1111 1111 1111")]
    [InlineData("holderName", "ADA 4111-1111-1111-1111")]
    [InlineData("brand", "511111111111")]
    public async Task A_card_number_inside_any_text_field_is_refused_naming_the_field(string field, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var body = CardJson(user.Id);
        body[field] = value;

        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/creditcard", body, cancellationToken: ct), HttpStatusCode.BadRequest, field);

        Assert.Empty((await db.Client.ListCardsAsync(user.Id, ct)).Required);
        Assert.DoesNotContain(db.DbService.Logs.Lines, line => line.Contains(value));
    }

    [Theory]
    [InlineData("last4", "42")]
    [InlineData("expiryMonth", 13)]
    [InlineData("expiryYear", 1999)]
    public async Task Out_of_shape_card_fields_are_refused_naming_the_field(string field, object value)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var body = CardJson(user.Id);
        body[field] = value;
        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/creditcard", body, cancellationToken: ct), HttpStatusCode.BadRequest, field);
    }

    private static Dictionary<string, object?> CardJson(Guid userId) => new()
    {
        ["userId"] = userId,
        ["vendor"] = "Visa",
        ["vendorToken"] = "tok_visa_1",
        ["brand"] = "Visa",
        ["last4"] = "4242",
        ["expiryMonth"] = 12,
        ["expiryYear"] = 2031,
        ["holderName"] = "ADA LOVELACE",
    };
}
