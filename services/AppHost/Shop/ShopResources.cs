using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EShop.Catalog;

namespace EShop.AppHost.Shop;

/// <summary>The shop's services from the catalog: each replica a project resource on its own loopback port, healthy
/// when /readyz answers; db-service's callers reach it directly or, with several replicas, through an internal
/// balancer (as a Kubernetes Service); the vendor simulator stands in for the card vendors.</summary>
public sealed class ShopResources(IDistributedApplicationBuilder builder, ServiceCatalog catalog, string repositoryRoot,
    LocalRunOptions options, LocalSecrets secrets)
{
    public const string VendorSimulator = "vendor-simulator";
    public const string DbServiceBalancer = "db-service";
    private static readonly string[] Vendors = ["Visa", "Mastercard", "Amex"];
    private readonly Dictionary<string, List<IResourceBuilder<ProjectResource>>> _replicas = [];

    private readonly Dictionary<string, List<IResourceBuilder<ProjectResource>>> _canaries = [];

    public IReadOnlyDictionary<string, List<IResourceBuilder<ProjectResource>>> Replicas => _replicas;

    /// <summary>The canary replica group (one replica, same project) of the service named by --LocalRun:Canary.</summary>
    public IReadOnlyDictionary<string, List<IResourceBuilder<ProjectResource>>> Canaries => _canaries;

    public static string ReplicaName(string service, int number) => $"{service}-{number}";

    public IResourceBuilder<ProjectResource> AddVendorSimulator() =>
        Service(VendorSimulator, "services/VendorSimulator/EShop.VendorSimulator.csproj", FreePort.Pick())
            .WithEnvironment("Simulator__ApiKey", secrets.VendorApiKey);

    public IResourceBuilder<ProjectResource> AddDatabaseMigration(string connectionString, IResource database) =>
        PrebuiltProject.Add(builder, "db-migrate", catalog["db-service"].Project)
            .WithArgs("seed") // migrate, then load the demo catalogue
            .WithEnvironment("ConnectionStrings__Postgres", connectionString)
            .WaitForCompletion(builder.CreateResourceBuilder(database));

    /// <summary>db-service's replicas after the migration; returns what its callers use as Services__DbService.</summary>
    public IResourceBuilder<IResourceWithEndpoints> AddDbService(string connectionString, IResourceBuilder<ProjectResource> migration)
    {
        var replicas = AddReplicas(catalog["db-service"], r => r
            .WithEnvironment("ConnectionStrings__Postgres", connectionString)
            .WithEnvironment("Database__MigrateOnStartup", "false")
            .WaitForCompletion(migration));
        if (replicas.Count == 1) return replicas[0];
        var balancer = Gateway.AddGateway(builder, repositoryRoot, DbServiceBalancer, FreePort.Pick(), secrets)
            .WithEnvironment("Gateway__Mode", "internal")
            .WithEnvironment("Gateway__Service", "db-service");
        Gateway.AddCluster(balancer, "db-service", replicas, secrets);
        return balancer;
    }

    /// <summary>Every other catalog service, calling db-service (and the simulator, for the card vendors).</summary>
    public void AddCallers(IResourceBuilder<IResourceWithEndpoints> dbService, IResourceBuilder<ProjectResource> simulator)
    {
        foreach (var service in catalog.Services.Where(s => s.Name != "db-service"))
            AddReplicas(service, r =>
            {
                if (service.Callees.Contains("db-service"))
                    r.WithEnvironment("Services__DbService", dbService.Resource.GetEndpoint("http")).WaitFor(dbService);
                if (service.External.Contains("card-vendors"))
                {
                    foreach (var vendor in Vendors)
                        r.WithEnvironment($"Vendors__{vendor}__BaseUrl", simulator.GetEndpoint("http"))
                            .WithEnvironment($"Vendors__{vendor}__ApiKey", secrets.VendorApiKey);
                    // The edge's proxy timeout (ActivityTimeout in services/Gateway/Routing/CatalogRoutes.cs): payment-service
                    // checks at start-up that every wait inside /pay ends before it.
                    r.WithEnvironment("Payments__FingerprintKey", secrets.PaymentFingerprintKey)
                        .WithEnvironment("Payments__EdgeTimeoutSeconds", "30")
                        .WaitFor(simulator);
                }
            });
    }

    private List<IResourceBuilder<ProjectResource>> AddReplicas(CatalogService service, Action<IResourceBuilder<ProjectResource>> configure)
    {
        var replicas = Enumerable.Range(1, options.Replicas)
            .Select(n => WithInternalCredentials(Service(ReplicaName(service.Name, n), service.Project, FreePort.Pick()), service))
            .ToList();
        replicas.ForEach(configure);
        _replicas[service.Name] = replicas;
        if (options.Canary?.Service == service.Name)
        {
            var canary = Service($"{service.Name}-canary-1", service.Project, FreePort.Pick());
            configure(canary);
            _canaries[service.Name] = [canary];
        }
        return replicas;
    }

    /// <summary>The service's own credential (if it calls anything) and, where it has internal routes, the SHA-256 of each
    /// caller's credential (to tell callers apart, never to pose as one): a stolen credential opens only its owner's grants.</summary>
    private IResourceBuilder<ProjectResource> WithInternalCredentials(IResourceBuilder<ProjectResource> resource, CatalogService service)
    {
        if (service.Calls.Count > 0) resource.WithEnvironment("InternalAuth__Token", secrets.Callers[service.Name]);
        if (!catalog.CallersOf(service.Name).Any()) return resource;
        foreach (var caller in catalog.Callers)
            resource.WithEnvironment($"InternalAuth__Callers__{caller.Name}",
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secrets.Callers[caller.Name]))));
        return resource;
    }

    private IResourceBuilder<ProjectResource> Service(string name, string project, int port)
    {
        var resource = PrebuiltProject.Add(builder, name, project)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithHttpHealthCheck("/readyz")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            // The gateway sets X-Forwarded-For to the client's address; per-client limits count that address.
            .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true")
            // Kept-alive connections of callers that do not go through a balancer are closed before the stop.
            .WithEnvironment("Shutdown__DrainSeconds", "3");
        foreach (var (key, value) in options.ServiceSettings) resource.WithEnvironment(key, value);
        return resource;
    }
}
