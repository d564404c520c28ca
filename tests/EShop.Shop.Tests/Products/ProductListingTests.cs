using System.Net;
using System.Text.Json;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Products;

[Collection(ShopServicesCollection.Name)]
public sealed class ProductListingTests(ShopServices shop)
{
    private readonly HttpClient _products = shop.Products.CreateClient();

    [Fact]
    public async Task Pages_follow_the_cursor_without_overlap_until_every_item_is_listed()
    {
        var (tag, ids) = await shop.AddTaggedProductsAsync(5);

        var first = await PageAsync($"?limit=2&q={tag}");
        var second = await PageAsync($"?limit=2&q={tag}&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        var third = await PageAsync($"?limit=2&q={tag}&cursor={Uri.EscapeDataString(second.NextCursor!)}");

        Assert.Equal([2, 2, 1], new[] { first.Ids.Count, second.Ids.Count, third.Ids.Count });
        Assert.Null(third.NextCursor);
        Assert.Equal(ids.Order(), first.Ids.Concat(second.Ids).Concat(third.Ids).Order());
    }

    [Fact]
    public async Task Items_carry_exactly_the_public_product_fields()
    {
        var (tag, ids) = await shop.AddTaggedProductsAsync(1);

        var body = await (await _products.GetProductsAsync($"?q={tag}")).ReadJsonAsync();

        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal(["currency", "description", "id", "name", "priceMinor", "sku", "stock"], item.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(ids[0], item.GetProperty("id").GetInt64());
        Assert.Equal($"{tag}-0", item.GetProperty("sku").GetString());
        Assert.Equal(1999, item.GetProperty("priceMinor").GetInt64());
        Assert.Equal("EUR", item.GetProperty("currency").GetString());
        Assert.Equal(7, item.GetProperty("stock").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task The_default_limit_is_20()
    {
        var (tag, _) = await shop.AddTaggedProductsAsync(21);
        var page = await PageAsync($"?q={tag}");
        Assert.Equal(20, page.Ids.Count);
        Assert.NotNull(page.NextCursor);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Limits_of_1_and_100_are_accepted(int limit)
    {
        var (tag, _) = await shop.AddTaggedProductsAsync(2);
        var page = await PageAsync($"?limit={limit}&q={tag}");
        Assert.Equal(Math.Min(limit, 2), page.Ids.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public async Task A_limit_outside_1_to_100_is_a_400_naming_limit(string limit)
    {
        await ProblemAssert.NamesField(await _products.GetProductsAsync($"?limit={limit}"), HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task A_limit_that_is_not_a_number_is_a_400_problem_mentioning_limit()
    {
        var problem = await ProblemAssert.Is(await _products.GetProductsAsync("?limit=many"), HttpStatusCode.BadRequest);
        Assert.Contains("limit", problem.ToString());
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("AAAA")]
    public async Task A_cursor_the_service_did_not_issue_is_a_400_naming_cursor(string cursor)
    {
        await ProblemAssert.NamesField(await _products.GetProductsAsync($"?cursor={cursor}"), HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task The_q_filter_matches_name_description_or_sku_without_case()
    {
        var (tag, ids) = await shop.AddTaggedProductsAsync(3);
        await shop.AddTaggedProductsAsync(2);

        Assert.Equal(ids.Order(), (await PageAsync($"?q={tag.ToUpperInvariant()}")).Ids.Order());
        Assert.Equal([ids[1]], (await PageAsync($"?q={tag}-1")).Ids);
        Assert.Empty((await PageAsync($"?q=nothing-{Guid.NewGuid():N}")).Ids);
    }

    [Fact]
    public async Task A_garbage_bearer_token_is_refused_but_anonymous_browsing_is_allowed()
    {
        var refused = await _products.GetProductsAsync("?limit=1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await ProblemAssert.Is(refused, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await _products.GetProductsAsync("?limit=1")).StatusCode);
    }

    private async Task<(IReadOnlyList<long> Ids, string? NextCursor)> PageAsync(string query)
    {
        var response = await _products.GetProductsAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (CatalogueSeed.Ids(body), body.GetProperty("nextCursor").GetString());
    }
}
