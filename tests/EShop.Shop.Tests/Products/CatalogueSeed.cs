using System.Net.Http.Json;
using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;

namespace EShop.Shop.Tests.Products;

public static class CatalogueSeed
{
    /// <summary>Adds <paramref name="count"/> products whose names carry a fresh tag (so <c>q=tag</c> finds
    /// exactly them) and returns the tag and their ids.</summary>
    public static async Task<(string Tag, IReadOnlyList<long> Ids)> AddTaggedProductsAsync(this ShopServices shop, int count)
    {
        var tag = "tag" + Guid.NewGuid().ToString("N")[..12];
        var ids = new List<long>();
        for (var i = 0; i < count; i++) ids.Add(await shop.AddProductAsync($"{tag}-{i}", $"Lamp {tag} {i}", 1999 + i));
        return (tag, ids);
    }

    /// <summary>Adds one product through db-service (the catalogue's only writer) and returns its id.</summary>
    public static async Task<long> AddProductAsync(this ShopServices shop, string sku, string name, long priceMinor = 500)
    {
        var response = await shop.DbService.CreateInternalClient().PostAsJsonAsync("/api/v1/product",
            new CreateProductRequest(sku, name, "A lamp for the tests", priceMinor, "EUR", 7));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ProductRecord>())!.Id;
    }

    public static async Task<IReadOnlyList<long>> ReadIdsAsync(this HttpResponseMessage response) => Ids(await response.ReadJsonAsync());

    public static IReadOnlyList<long> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
}
