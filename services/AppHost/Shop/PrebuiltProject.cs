using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace EShop.AppHost.Shop;

/// <summary>The projects the app host references, by the path the catalog names them with. Added through their
/// generated <c>Projects.*</c> metadata, which DCP starts with <c>dotnet run --no-build</c> (the app host's build has
/// built them); a path-based project would get an incremental build per replica, minutes on two cores.</summary>
public static class PrebuiltProject
{
    private static readonly Dictionary<string, Func<IDistributedApplicationBuilder, string, IResourceBuilder<ProjectResource>>> Projects = new()
    {
        ["services/DbService/EShop.DbService.csproj"] = (b, name) => b.AddProject<global::Projects.EShop_DbService>(name),
        ["services/UserService/EShop.UserService.csproj"] = (b, name) => b.AddProject<global::Projects.EShop_UserService>(name),
        ["services/ProductService/EShop.ProductService.csproj"] = (b, name) => b.AddProject<global::Projects.EShop_ProductService>(name),
        ["services/PaymentService/EShop.PaymentService.csproj"] = (b, name) => b.AddProject<global::Projects.EShop_PaymentService>(name),
        ["services/VendorSimulator/EShop.VendorSimulator.csproj"] = (b, name) => b.AddProject<global::Projects.EShop_VendorSimulator>(name),
        ["services/Gateway/EShop.Gateway.csproj"] = (b, name) => b.AddProject<global::Projects.EShop_Gateway>(name),
    };

    public static IResourceBuilder<ProjectResource> Add(IDistributedApplicationBuilder builder, string name, string project) =>
        Projects.TryGetValue(project, out var add)
            ? add(builder, name)
            : throw new InvalidOperationException($"{project} (services/catalog.json) is not referenced by services/AppHost/EShop.AppHost.csproj");
}
