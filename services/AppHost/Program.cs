using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using EShop.AppHost;
using EShop.AppHost.Postgres;
using EShop.AppHost.Shop;
using EShop.Catalog;
using Microsoft.Extensions.Configuration;

// The local run: a throwaway PostgreSQL, db-service after its migration, the other services from the catalog, the
// vendor simulator and the YARP edge, with the dashboard. `dotnet run --project services/AppHost`.
var startup = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    DisableDashboard = !startup.GetValue($"{LocalRunOptions.Section}:Dashboard", true),
});
var root = RepositoryRoot.Find();
var catalog = ServiceCatalog.Load(Path.Combine(root, "services", "catalog.json"));
var publicServices = catalog.PublicRoutes.Select(r => r.Service.Name).Distinct().ToList();
LocalRunOptions options;
PostgresBinaries postgresBinaries;
try
{
    options = LocalRunOptions.From(builder.Configuration, publicServices);
    postgresBinaries = PostgresInstallation.Ensure();
}
catch (Exception ex) when (ex is InvalidOperationException or PostgresNotInstalledException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

var secrets = LocalSecrets.From(builder.Configuration, catalog);
var dashboardToken = builder.Configuration["AppHost:BrowserToken"] ??= Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

var postgresPort = int.TryParse(builder.Configuration[$"{LocalRunOptions.Section}:PostgresPort"], out var p) ? p : FreePort.Pick();
var postgres = builder.AddThrowawayPostgres(postgresBinaries, postgresPort, secrets.DatabasePassword);
var shop = new ShopResources(builder, catalog, root, options, secrets);
var simulator = shop.AddVendorSimulator();
var migration = shop.AddDatabaseMigration(postgres.ConnectionString, postgres.Database.Resource);
var dbService = shop.AddDbService(postgres.ConnectionString, migration);
shop.AddCallers(dbService, simulator);

var edgePort = options.EdgePort == 0 ? FreePort.Pick() : options.EdgePort;
var edge = Gateway.AddGateway(builder, root, "gateway", edgePort, secrets).WithEnvironment("Gateway__Mode", "edge");
foreach (var service in publicServices)
    Gateway.AddCluster(edge, service, shop.Replicas[service], secrets);
if (options.Canary is { } canary)
    Gateway.AddCanary(edge, canary.Service, canary.Weight, shop.Canaries[canary.Service], secrets);

builder.Eventing.Subscribe<ResourceReadyEvent>(edge.Resource, (_, _) =>
{
    var dashboardUrl = startup.GetValue($"{LocalRunOptions.Section}:Dashboard", true) ? builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] : null;
    Console.WriteLine(RunBanner.Render($"http://localhost:{edgePort}", dashboardUrl is null ? null : $"{dashboardUrl}/login?t={dashboardToken}"));
    return Task.CompletedTask;
});

builder.Build().Run();
return 0;
