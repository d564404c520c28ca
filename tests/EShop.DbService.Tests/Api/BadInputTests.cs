using System.Net;
using System.Net.Http.Json;
using System.Text;
using EShop.DbService.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>Bad requests get a 4xx problem+json that names the field; never a 500.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class BadInputTests(DbServiceFixture db)
{
    [Theory]
    [InlineData("""{"email": "a@b.test", "passwordHash": """, "$.passwordHash")]
    [InlineData("""{"email": "a@b.test" "passwordHash": "h"}""", "$")]
    [InlineData("""{"email": 42, "passwordHash": "h"}""", "$.email")]
    [InlineData("""{"email": "a@b.test", "passwordHash": ["h"]}""", "$.passwordHash")]
    [InlineData("""{"email": "a@b.test", "name": {"first": "Ada"}, "passwordHash": "h"}""", "$.name")]
    [InlineData("""{"passwordHash": "h"}""", "email")]
    [InlineData("""{"email": "a@b.test"}""", "passwordHash")]
    [InlineData("""{"email": "not-an-email", "passwordHash": "h"}""", "email")]
    public async Task A_malformed_or_incomplete_user_is_a_400_naming_the_field(string json, string field) =>
        await ProblemAssert.NamesField(await PostJsonAsync("api/v1/user", json), HttpStatusCode.BadRequest, field);

    [Theory]
    [InlineData("""{"sku": "S-1", "name": "n", "description": "", "priceMinor": "12.50", "currency": "EUR", "stock": 1}""", "$.priceMinor")]
    [InlineData("""{"sku": "S-1", "name": "n", "description": "", "priceMinor": 1.5, "currency": "EUR", "stock": 1}""", "$.priceMinor")]
    [InlineData("""{"sku": "S-1", "name": "n", "description": "", "priceMinor": -1, "currency": "EUR", "stock": 1}""", "priceMinor")]
    [InlineData("""{"sku": "S-1", "name": "n", "description": "", "priceMinor": 1, "currency": "eur", "stock": 1}""", "currency")]
    [InlineData("""{"sku": "S-1", "name": "n", "description": "", "priceMinor": 1, "currency": "EUR", "stock": -1}""", "stock")]
    [InlineData("""{"sku": "S-1", "name": "n", "description": "", "priceMinor": 1, "currency": "EUR", "stock": 99999999999}""", "$.stock")]
    [InlineData("""{"sku": "S-1", "name": "n", "description": "", "currency": "EUR", "stock": 1}""", "priceMinor")]
    public async Task A_malformed_product_is_a_400_naming_the_field(string json, string field) =>
        await ProblemAssert.NamesField(await PostJsonAsync("api/v1/product", json), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task A_malformed_id_in_the_path_is_a_400_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await ProblemAssert.Is(await db.Http.GetAsync("api/v1/user/not-a-uuid", ct), HttpStatusCode.BadRequest);
        await ProblemAssert.Is(await db.Http.GetAsync("api/v1/product/abc", ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var json = $$"""{"email": "big@b.test", "name": "{{new string('x', 100 * 1024)}}", "passwordHash": "h"}""";
        await ProblemAssert.Is(await PostJsonAsync("api/v1/user", json), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem() =>
        await ProblemAssert.Is(
            await db.Http.GetAsync("api/v1/no-such-thing", TestContext.Current.CancellationToken), HttpStatusCode.NotFound);

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await db.Http.PostAsync(
            "api/v1/user", new StringContent("email=a@b.test", Encoding.UTF8, "application/x-www-form-urlencoded"), ct);
        await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_missing_required_query_parameter_is_a_400_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await ProblemAssert.Is(await db.UserServiceHttp.GetAsync("api/v1/user", ct), HttpStatusCode.BadRequest);
        await ProblemAssert.Is(await db.Http.GetAsync("api/v1/creditcard", ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_empty_body_is_a_400_problem() =>
        await ProblemAssert.Is(
            await db.Http.PostAsJsonAsync<object?>("api/v1/product", null, cancellationToken: TestContext.Current.CancellationToken),
            HttpStatusCode.BadRequest);

    private Task<HttpResponseMessage> PostJsonAsync(string uri, string json) =>
        db.Http.PostAsync(uri, new StringContent(json, Encoding.UTF8, "application/json"));
}
