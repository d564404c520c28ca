using System.Text.Json;

namespace EShop.Catalog;

public sealed record CatalogRoute(string Method, string Path, string Visibility)
{
    public bool IsPublic => Visibility == "public";
}

/// <summary>One route of another service that a caller may use.</summary>
public sealed record CatalogGrant(string Service, string Method, string Path);

/// <summary>Anything that calls internal routes: a service, or an operator (tooling run by people, outside the cluster).</summary>
public interface ICatalogCaller
{
    string Name { get; }
    IReadOnlyList<CatalogGrant> Calls { get; }
}

public sealed record CatalogOperator(string Name, IReadOnlyList<CatalogGrant> Calls) : ICatalogCaller;

public sealed record CatalogService(string Name, string Project, int Port, IReadOnlyList<CatalogGrant> Calls, IReadOnlyList<string> External, IReadOnlyList<CatalogRoute> Routes)
    : ICatalogCaller
{
    /// <summary>The services this one calls.</summary>
    public IReadOnlyList<string> Callees => Calls.Select(c => c.Service).Distinct().ToList();

    /// <summary>The assembly the project builds, e.g. EShop.UserService.</summary>
    public string AssemblyName => System.IO.Path.GetFileNameWithoutExtension(Project);
}

/// <summary>services/catalog.json: the one list of services and routes that everything else reads.</summary>
public sealed record ServiceCatalog(string ApiPrefix, IReadOnlyList<CatalogService> Services, IReadOnlyList<CatalogOperator> Operators)
{
    public static ServiceCatalog Load(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), CatalogJson.Default.ServiceCatalog)
        ?? throw new InvalidDataException($"{path} is empty");

    /// <summary>The copy of services/catalog.json built into this assembly, for services that run without the repository.</summary>
    public static ServiceCatalog Embedded()
    {
        using var stream = typeof(ServiceCatalog).Assembly.GetManifestResourceStream("catalog.json")
            ?? throw new InvalidDataException("catalog.json is not embedded in EShop.Catalog");
        return JsonSerializer.Deserialize(stream, CatalogJson.Default.ServiceCatalog) ?? throw new InvalidDataException("the embedded catalog.json is empty");
    }

    public static ServiceCatalog LoadFromRepository() => Load(System.IO.Path.Combine(RepositoryRoot.Find(), "services", "catalog.json"));

    public CatalogService this[string name] => Services.Single(s => s.Name == name);

    /// <summary>The service whose project builds the given assembly (e.g. EShop.DbService), if any.</summary>
    public CatalogService? ForAssembly(string assemblyName) => Services.SingleOrDefault(s => s.AssemblyName == assemblyName);

    /// <summary>Every service and operator that may call at least one route of <paramref name="callee"/>.</summary>
    public IEnumerable<ICatalogCaller> CallersOf(string callee) => Callers.Where(c => c.Calls.Any(g => g.Service == callee));

    public IEnumerable<ICatalogCaller> Callers => Services.Cast<ICatalogCaller>().Concat(Operators);

    public IEnumerable<(CatalogService Service, CatalogRoute Route)> PublicRoutes =>
        Services.SelectMany(s => s.Routes.Where(r => r.IsPublic).Select(r => (s, r)));
}

public static class RepositoryRoot
{
    /// <summary>The folder holding EShop.sln, found from the working directory or the running binary upwards.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "EShop.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("EShop.sln not found above the working directory: run from inside the repository.");
    }
}
