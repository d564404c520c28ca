using System.Net.Http.Json;
using System.Text.Json;
using EShop.DevEnvironment.Catalog;
using EShop.Payments.Tests.Support;
using Xunit;

namespace EShop.Payments.Tests.Contracts;

[Collection(PaymentsCollection.Name)]
public sealed class OpenApiMatchesCatalogTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task Payment_service_documents_exactly_its_catalog_routes()
    {
        var document = await env.Payments.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "put" or "post" or "delete" or "patch")
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"));
        var catalogued = ServiceCatalog.LoadFromRepository()["payment-service"].Routes.Select(r => $"{r.Method} {r.Path}").ToArray();

        Assert.NotEmpty(catalogued);
        Assert.Equal(catalogued.Order(), documented.Order());
    }
}
