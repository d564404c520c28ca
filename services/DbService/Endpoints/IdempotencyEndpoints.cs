using EShop.DbService.Stores;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class IdempotencyEndpoints
{
    public static void MapIdempotencyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/idempotency").WithTags("Idempotency");
        keys.MapPost("/claim", Claim);
        keys.MapPost("/complete", Complete).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ClaimIdempotencyResult>> Claim(ClaimIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ClaimAsync(request, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> Complete(CompleteIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        await store.CompleteAsync(request, ct) ? TypedResults.NoContent() : ApiProblems.NotFound("Idempotency record");
}
