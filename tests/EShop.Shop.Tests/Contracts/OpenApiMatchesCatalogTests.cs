using System.Net.Http.Json;
using System.Text.Json;
using EShop.DevEnvironment.Catalog;
using EShop.Shop.Tests.Support;
using Xunit;

namespace EShop.Shop.Tests.Contracts;

/// <summary>Each service's OpenAPI document lists exactly its routes in services/catalog.json.</summary>
[Collection(ShopServicesCollection.Name)]
public sealed class OpenApiMatchesCatalogTests(ShopServices shop)
{
    private static readonly ServiceCatalog Catalog = ServiceCatalog.LoadFromRepository();

    [Theory]
    [InlineData("user-service")]
    [InlineData("product-service")]
    public async Task The_OpenAPI_document_lists_exactly_the_catalog_routes(string service)
    {
        using var client = service == "user-service" ? shop.Users.CreateClient() : shop.Products.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "put" or "post" or "delete" or "patch")
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"));
        var catalogued = Catalog[service].Routes.Select(r => $"{r.Method} {r.Path}");

        Assert.Equal(catalogued.Order(), documented.Order());
        Assert.NotEmpty(catalogued);
    }
}
