using System.Diagnostics;
using System.Net;
using EShop.Shop.Tests.Support;
using Xunit;

namespace EShop.Shop.Tests.Products;

[Collection(ShopServicesCollection.Name)]
public sealed class ProductCachingTests(ShopServices shop)
{
    [Fact]
    public async Task A_page_has_a_strong_ETag_and_If_None_Match_answers_304()
    {
        var (tag, _) = await shop.AddTaggedProductsAsync(2);
        using var products = shop.Products.CreateClient();

        var first = await products.GetProductsAsync($"?q={tag}");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag!.IsWeak);

        var notModified = await products.GetProductsAsync($"?q={tag}", ifNoneMatch: etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(etag, notModified.Headers.ETag);

        Assert.Equal(HttpStatusCode.OK, (await products.GetProductsAsync($"?q={tag}", ifNoneMatch: "\"another\"")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await products.GetProductsAsync($"?q={tag}&limit=1", ifNoneMatch: etag.Tag)).StatusCode);
    }

    [Fact]
    public async Task Signed_in_requests_also_get_304_for_a_matching_ETag()
    {
        var (tag, _) = await shop.AddTaggedProductsAsync(1);
        var (_, token) = await shop.Users.CreateClient().NewSessionAsync();
        using var products = shop.Products.CreateClient();
        var etag = (await products.GetProductsAsync($"?q={tag}", token)).Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.NotModified, (await products.GetProductsAsync($"?q={tag}", token, etag)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_pages_are_served_from_the_output_cache_until_the_TTL_and_vary_by_query()
    {
        using var products = shop.StartProductService(("ProductCache:TtlSeconds", "300")).CreateClient();
        var (tag, ids) = await shop.AddTaggedProductsAsync(1);
        Assert.Equal(ids, await (await products.GetProductsAsync($"?q={tag}")).ReadIdsAsync());

        var added = await shop.AddProductAsync($"{tag}-late", $"Late lamp {tag}");

        Assert.Equal(ids, await (await products.GetProductsAsync($"?q={tag}")).ReadIdsAsync());
        Assert.Contains(added, await (await products.GetProductsAsync($"?q={tag}&limit=50")).ReadIdsAsync());
        var (_, token) = await shop.Users.CreateClient().NewSessionAsync();
        Assert.Contains(added, await (await products.GetProductsAsync($"?q={tag}", token)).ReadIdsAsync());
    }

    [Fact]
    public async Task A_cached_answer_carries_the_trace_id_of_its_own_request()
    {
        using var products = shop.StartProductService(("ProductCache:TtlSeconds", "300")).CreateClient();
        foreach (var name in new[] { "first read", "second read" })
        {
            // The test's own activity is the caller's span: its trace id travels in traceparent.
            using var caller = new Activity(name).SetIdFormat(ActivityIdFormat.W3C).Start();
            var response = await products.GetAsync("/api/v1/products?limit=3", TestContext.Current.CancellationToken);
            Assert.Equal(caller.TraceId.ToHexString(), response.Headers.GetValues("X-Request-Id").Single());
        }
    }
}
