using System.Security.Cryptography;
using System.Text;
using EShop.Gateway.Routing;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;

namespace EShop.Gateway.Rotation;

/// <summary>The rotation API for the app host and the fault suite, on the admin listener only (never the edge port);
/// <see cref="MapAdminGroup"/> is that listener's token-guarded group, which the canary API shares.</summary>
public static class RotationEndpoints
{
    public const string TokenHeader = "X-Gateway-Admin-Token";

    public sealed record RotationChange(string? Address);

    public static RouteGroupBuilder MapAdminGroup(this WebApplication app, string adminHost) =>
        app.MapGroup("/_gateway").RequireHost(adminHost).AddEndpointFilter(RequireToken);

    public static void MapRotationEndpoints(this RouteGroupBuilder gatewayAdmin)
    {
        var admin = gatewayAdmin.MapGroup("/rotation");
        admin.MapGet("/", (OutOfRotation rotation) => TypedResults.Ok(new { outOfRotation = rotation.Addresses }));
        admin.MapPost("/out", (RotationChange change, OutOfRotation rotation, IProxyStateLookup proxy, IClusterDestinationsUpdater updater) =>
            Change(change, rotation.Add, proxy, updater));
        admin.MapPost("/in", (RotationChange change, OutOfRotation rotation, IProxyStateLookup proxy, IClusterDestinationsUpdater updater) =>
            Change(change, rotation.Remove, proxy, updater));
    }

    private static IResult Change(RotationChange change, Action<string> apply, IProxyStateLookup proxy, IClusterDestinationsUpdater updater)
    {
        if (!Uri.TryCreate(change.Address, UriKind.Absolute, out _))
            return TypedResults.Problem(statusCode: 400, title: "address must be an absolute URL",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["address"] = ["must be an absolute URL"] } });
        apply(change.Address!);
        // YARP keeps each cluster's available destinations until health changes: recompute them now.
        foreach (var cluster in proxy.GetClusters()) updater.UpdateAvailableDestinations(cluster);
        return TypedResults.NoContent();
    }

    private static async ValueTask<object?> RequireToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AdminToken;
        var presented = context.HttpContext.Request.Headers[TokenHeader].ToString();
        if (string.IsNullOrEmpty(expected) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
            return TypedResults.Problem(statusCode: 401, title: "admin token required");
        return await next(context);
    }
}
