using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class ProductApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_product_is_created_read_and_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = TestData.Product();
        var product = (await db.Client.CreateProductAsync(request, ct)).Required;
        Assert.Equal((request.Sku, request.Name, request.Description, request.PriceMinor, request.Currency, request.Stock),
            (product.Sku, product.Name, product.Description, (long?)product.PriceMinor, product.Currency, (int?)product.Stock));

        Assert.Equal(product, (await db.Client.GetProductAsync(product.Id, ct)).Required);
        Assert.Equal(DbOutcome.Ok, (await db.Client.DeleteProductAsync(product.Id, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.GetProductAsync(product.Id, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.DeleteProductAsync(product.Id, ct)).Outcome);
    }

    [Fact]
    public async Task A_duplicate_sku_is_a_409_naming_sku()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = TestData.Product();
        await db.Client.CreateProductAsync(request, ct);
        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/product", request, cancellationToken: ct), HttpStatusCode.Conflict, "sku");
    }

    [Fact]
    public async Task Pages_follow_the_cursor_through_a_filtered_list_without_gaps_or_repeats()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var created = new List<long>();
        for (var i = 0; i < 7; i++)
            created.Add((await db.Client.CreateProductAsync(
                TestData.Product(name: $"Lamp {i} {tag.ToUpperInvariant()}"), TestContext.Current.CancellationToken)).Required.Id);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await db.Client.ListProductsAsync(
                limit: 3, cursor: cursor, query: tag, ct: TestContext.Current.CancellationToken)).Required;
            Assert.InRange(page.Items.Count, 1, 3);
            seen.AddRange(page.Items.Select(p => p.Id));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(created, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Ids_return_exactly_the_existing_products()
    {
        var ct = TestContext.Current.CancellationToken;
        var a = (await db.Client.CreateProductAsync(TestData.Product(), ct)).Required;
        var b = (await db.Client.CreateProductAsync(TestData.Product(), ct)).Required;

        var page = (await db.Client.GetProductsAsync([b.Id, a.Id, 999_999_999], ct)).Required;

        Assert.Equal(new[] { a.Id, b.Id }.Order(), page.Items.Select(p => p.Id));
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=cDE6eA", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("ids=1,two,3", "ids")]
    public async Task Bad_list_parameters_are_a_400_naming_the_parameter(string query, string field) =>
        await ProblemAssert.NamesField(
            await db.Http.GetAsync($"api/v1/product?{query}", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task More_than_100_ids_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = string.Join(',', Enumerable.Range(1, 101));
        await ProblemAssert.NamesField(await db.Http.GetAsync($"api/v1/product?ids={ids}", ct), HttpStatusCode.BadRequest, "ids");
    }

    [Fact]
    public async Task A_like_wildcard_in_the_filter_matches_only_itself()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var literal = (await db.Client.CreateProductAsync(
            TestData.Product(name: $"100% wool {tag}"), TestContext.Current.CancellationToken)).Required;
        await db.Client.CreateProductAsync(TestData.Product(name: $"1000 wool {tag}"), TestContext.Current.CancellationToken);

        var page = (await db.Client.ListProductsAsync(query: $"100% wool {tag}", ct: TestContext.Current.CancellationToken)).Required;

        Assert.Equal(literal.Id, Assert.Single(page.Items).Id);
    }
}
