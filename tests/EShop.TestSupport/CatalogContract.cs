using System.Net.Http.Json;
using System.Text.Json;
using EShop.Catalog;

namespace EShop.TestSupport;

/// <summary>The two sides of "each service's OpenAPI document and services/catalog.json agree exactly",
/// as sorted "METHOD /path" lines.</summary>
public static class CatalogContract
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static IReadOnlyList<string> CataloguedRoutes(string service) =>
        ServiceCatalog.LoadFromRepository()[service].Routes.Select(r => $"{r.Method} {r.Path}").Order().ToList();

    public static async Task<IReadOnlyList<string>> DocumentedRoutesAsync(HttpClient client, Uri? serviceAddress = null)
    {
        var document = await client.GetFromJsonAsync<JsonElement>(serviceAddress is null ? new Uri("/openapi/v1.json", UriKind.Relative) : new Uri(serviceAddress, "/openapi/v1.json"));
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => HttpMethods.Contains(operation.Name))
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .Order().ToList();
    }
}
