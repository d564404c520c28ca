using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Contracts;

/// <summary>Each service's OpenAPI document lists exactly its routes in services/catalog.json.</summary>
[Collection(ShopServicesCollection.Name)]
public sealed class OpenApiMatchesCatalogTests(ShopServices shop)
{
    [Theory]
    [InlineData("user-service")]
    [InlineData("product-service")]
    public async Task The_OpenAPI_document_lists_exactly_the_catalog_routes(string service)
    {
        using var client = service == "user-service" ? shop.Users.CreateClient() : shop.Products.CreateClient();
        var catalogued = CatalogContract.CataloguedRoutes(service);
        Assert.NotEmpty(catalogued);
        Assert.Equal(catalogued, await CatalogContract.DocumentedRoutesAsync(client));
    }
}
