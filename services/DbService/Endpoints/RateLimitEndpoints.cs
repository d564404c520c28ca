using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

/// <summary>Shared fixed-window counters for limits that must hold across a caller's replicas (payment-service's /pay).</summary>
public static class RateLimitEndpoints
{
    public static RouteGroupBuilder MapRateLimitEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/rate-limit").WithTags("Rate limits").MapPost("/hit", Hit);
        return api;
    }

    private static async Task<Ok<RateLimitDecision>> Hit(RateLimitHit hit, RateLimitStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.HitAsync(hit.ToCommand(), ct));
}
