using System.Text.Json;

namespace EShop.Catalog;

public sealed record CatalogRoute(string Method, string Path, string Visibility)
{
    public bool IsPublic => Visibility == "public";
}

public sealed record CatalogService(string Name, string Project, int Port, IReadOnlyList<string> Calls, IReadOnlyList<string> External, IReadOnlyList<CatalogRoute> Routes)
{
    /// <summary>The assembly the project builds, e.g. EShop.UserService.</summary>
    public string AssemblyName => System.IO.Path.GetFileNameWithoutExtension(Project);
}

/// <summary>services/catalog.json: the one list of services and routes that everything else reads.</summary>
public sealed record ServiceCatalog(string ApiPrefix, IReadOnlyList<CatalogService> Services)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { RespectRequiredConstructorParameters = true };

    public static ServiceCatalog Load(string path) =>
        JsonSerializer.Deserialize<ServiceCatalog>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} is empty");

    public static ServiceCatalog LoadFromRepository() => Load(System.IO.Path.Combine(RepositoryRoot.Find(), "services", "catalog.json"));

    public CatalogService this[string name] => Services.Single(s => s.Name == name);

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
