using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.Gateway.Canary;

/// <summary>The canary API on the admin listener: read the weights, set one; weight 0 aborts the canary.</summary>
public static class CanaryEndpoints
{
    public sealed record WeightChange(int? Weight);

    public static RouteGroupBuilder MapCanaryEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/canary", (CanaryWeights weights) => TypedResults.Ok(weights.All));
        admin.MapPut("/canary/{service}", SetWeight);
        return admin;
    }

    private static Results<NoContent, ProblemHttpResult> SetWeight(string service, WeightChange change, CanaryWeights weights)
    {
        if (change.Weight is not (>= 0 and <= 100))
            return Problems.Field(StatusCodes.Status400BadRequest, "weight", "must be a whole number from 0 to 100");
        return weights.TrySet(service, change.Weight.Value)
            ? TypedResults.NoContent()
            : Problems.NotFound("Canary replica group", "service", $"{service} has no canary replica group");
    }
}
