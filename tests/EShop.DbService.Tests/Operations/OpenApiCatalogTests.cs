using System.Net.Http.Json;
using System.Text.Json;
using EShop.DbService.Tests.Support;
using EShop.DevEnvironment.Catalog;
using Xunit;

namespace EShop.DbService.Tests.Operations;

[Collection(DbServiceCollection.Name)]
public sealed class OpenApiCatalogTests(DbServiceFixture db)
{
    [Fact]
    public async Task The_openapi_document_lists_exactly_the_catalog_routes_of_db_service()
    {
        var catalog = ServiceCatalog.LoadFromRepository()["db-service"].Routes
            .Select(r => $"{r.Method} {r.Path}").Order().ToList();

        var document = await db.Http.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .Order().ToList();

        Assert.Equal(catalog, documented);
    }
}
