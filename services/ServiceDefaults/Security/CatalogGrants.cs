using EShop.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace EShop.ServiceDefaults.Security;

/// <summary>The routes of this service that services/catalog.json grants to each caller.</summary>
public sealed class CatalogGrants
{
    private readonly HashSet<(string Caller, string Method, string Path)> _grants;

    public CatalogGrants(ServiceCatalog catalog, string service)
    {
        Service = service;
        _grants = catalog.Callers
            .SelectMany(caller => caller.Calls.Where(g => g.Service == service).Select(g => (caller.Name, g.Method.ToUpperInvariant(), g.Path)))
            .ToHashSet();
        AllCallers = catalog.Callers.Select(c => c.Name).ToList();
    }

    /// <summary>The catalog name of this service, e.g. db-service.</summary>
    public string Service { get; }

    /// <summary>Every caller in the catalog, granted a route here or not.</summary>
    public IReadOnlyList<string> AllCallers { get; }

    /// <summary>From the running application's assembly name (e.g. EShop.DbService); a service outside the catalog has no callers.</summary>
    public static CatalogGrants ForApplication(string applicationName)
    {
        var catalog = ServiceCatalog.Embedded();
        return new CatalogGrants(catalog, catalog.ForAssembly(applicationName)?.Name ?? applicationName);
    }

    public bool Allows(string caller, string method, string path) => _grants.Contains((caller, method.ToUpperInvariant(), path));

    /// <summary>The endpoint's route in the catalog's form: parameters without constraints, e.g. /api/v1/user/{id}.</summary>
    public static string? CatalogPath(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint endpoint ? "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(Segment)) : null;

    private static string Segment(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    }));
}
