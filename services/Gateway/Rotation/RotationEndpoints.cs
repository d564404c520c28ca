using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;

namespace EShop.Gateway.Rotation;

/// <summary>The rotation API for the app host and the fault suite, on the admin listener only (never the edge port).</summary>
public static class RotationEndpoints
{
    public sealed record RotationChange(string? Address);

    public static RouteGroupBuilder MapRotationEndpoints(this RouteGroupBuilder admin)
    {
        var rotation = admin.MapGroup("/rotation");
        rotation.MapGet("/", (OutOfRotation outOfRotation) => TypedResults.Ok(new { outOfRotation = outOfRotation.Addresses }));
        rotation.MapPost("/out", TakeOut);
        rotation.MapPost("/in", PutBack);
        return admin;
    }

    private static Results<NoContent, ProblemHttpResult> TakeOut(
        RotationChange change, OutOfRotation rotation, IProxyStateLookup proxy, IClusterDestinationsUpdater updater) =>
        Change(change, rotation.Add, proxy, updater);

    private static Results<NoContent, ProblemHttpResult> PutBack(
        RotationChange change, OutOfRotation rotation, IProxyStateLookup proxy, IClusterDestinationsUpdater updater) =>
        Change(change, rotation.Remove, proxy, updater);

    private static Results<NoContent, ProblemHttpResult> Change(
        RotationChange change, Action<string> apply, IProxyStateLookup proxy, IClusterDestinationsUpdater updater)
    {
        if (!Uri.TryCreate(change.Address, UriKind.Absolute, out _))
            return Problems.Field(StatusCodes.Status400BadRequest, "address", "must be an absolute URL");
        apply(change.Address!);
        // YARP keeps each cluster's available destinations until health changes: recompute them now.
        foreach (var cluster in proxy.GetClusters()) updater.UpdateAvailableDestinations(cluster);
        return TypedResults.NoContent();
    }
}
