using EShop.DbService.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Operations;

[Collection(DbServiceCollection.Name)]
public sealed class OpenApiCatalogTests(DbServiceFixture db)
{
    [Fact]
    public async Task The_openapi_document_lists_exactly_the_catalog_routes_of_db_service()
    {
        var catalogued = CatalogContract.CataloguedRoutes("db-service");
        Assert.NotEmpty(catalogued);
        Assert.Equal(catalogued, await CatalogContract.DocumentedRoutesAsync(db.Http));
    }
}
