using EShop.Catalog;
using EShop.Gateway.Admin;
using EShop.Gateway.Caching;
using EShop.Gateway.Canary;
using EShop.Gateway.Edge;
using EShop.Gateway.Forwarding;
using EShop.Gateway.Rotation;
using EShop.Gateway.Routing;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace EShop.Gateway;

/// <summary>The local edge: YARP with the catalog's public routes (or, in internal mode, the balancer of one service's
/// replicas). Built here so that tests can run the real gateway in their own process.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var section = builder.Configuration.GetSection(GatewayOptions.Section);
        var options = section.Get<GatewayOptions>() ?? new();
        builder.Services.AddOptions<GatewayOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        if (options.Mode == "internal" && string.IsNullOrEmpty(options.Service))
            throw new InvalidOperationException("Gateway__Service is missing: internal mode balances one service");
        var catalog = ServiceCatalog.Load(options.Catalog is { Length: > 0 } path ? path : Path.Combine(RepositoryRoot.Find(), "services", "catalog.json"));

        // Per-request lines (the host's "Request starting/finished", YARP's "Proxying to") cost the edge more than its
        // forwarding; warnings and errors stay.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => RequestLimits.ConfigureKestrel(k, options.MaxRequestBodyBytes));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (c.HttpContext.Items[RequestId.Header] is string id) c.ProblemDetails.Extensions["requestId"] = id;
        });
        builder.Services.AddEdgeHsts();
        builder.Services.AddEdgeCaching(options);
        builder.Services.AddSingleton<OutOfRotation>();
        builder.Services.AddSingleton<IAvailableDestinationsPolicy, InRotationPolicy>();
        builder.Services.AddSingleton(new CanaryWeights(CanaryGroups.Weights(catalog, options)));
        builder.Services.AddSingleton<ILoadBalancingPolicy, WeightedReplicaGroupsPolicy>();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(CatalogRoutes.Routes(catalog, options), CatalogRoutes.Clusters(catalog, options))
            .AddTransforms(ReplicaGroupHeader.Add)
            .AddTransforms(EdgeCaching.AddOriginLifetime);

        var app = builder.Build();
        app.Use(RequestId.InvokeAsync);
        app.UseHsts();
        app.UseStatusCodePages();
        app.Use(RequestLimits.InvokeAsync);
        app.UseOutputCache();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "Healthy" }));
        if (builder.Configuration["Gateway:AdminUrl"] is { Length: > 0 } adminUrl)
        {
            var admin = app.MapGroup("/_gateway").RequireHost($"*:{new Uri(adminUrl).Port}").AddEndpointFilter(AdminToken.RequireAsync);
            admin.MapRotationEndpoints();
            admin.MapCanaryEndpoints();
        }
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ForwarderErrorStatus.InvokeAsync);
            proxy.Use(RetryOnAnotherReplica.InvokeAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        }).WithEdgeCaching(options);
        return app;
    }
}
