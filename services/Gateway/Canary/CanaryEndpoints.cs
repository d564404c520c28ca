namespace EShop.Gateway.Canary;

/// <summary>The canary API on the admin listener (with the rotation API's token): read the weights, set one; weight 0
/// aborts the canary.</summary>
public static class CanaryEndpoints
{
    public sealed record WeightChange(int? Weight);

    public static void MapCanaryEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/canary", (CanaryWeights weights) => TypedResults.Ok(weights.All));
        admin.MapPut("/canary/{service}", (string service, WeightChange change, CanaryWeights weights) =>
        {
            if (change.Weight is not (>= 0 and <= 100)) return Problem(400, "weight", "must be a whole number from 0 to 100");
            return weights.TrySet(service, change.Weight.Value)
                ? TypedResults.NoContent()
                : Problem(404, "service", $"{service} has no canary replica group");
        });
    }

    private static IResult Problem(int status, string field, string message) =>
        TypedResults.Problem(statusCode: status, title: $"{field} {message}",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
