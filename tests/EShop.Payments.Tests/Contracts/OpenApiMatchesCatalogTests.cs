using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Contracts;

[Collection(PaymentsCollection.Name)]
public sealed class OpenApiMatchesCatalogTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task Payment_service_documents_exactly_its_catalog_routes()
    {
        var catalogued = CatalogContract.CataloguedRoutes("payment-service");
        Assert.NotEmpty(catalogued);
        Assert.Equal(catalogued, await CatalogContract.DocumentedRoutesAsync(env.Payments.CreateClient()));
    }
}
