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
        keys.MapPost("/release", Release).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<ClaimIdempotencyResult>> Claim(ClaimIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ClaimAsync(request, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> Complete(CompleteIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        await store.CompleteAsync(request, ct) ? TypedResults.NoContent() : ApiProblems.NotFound("Idempotency record");

    /// <summary>204 released; 409 when the record is completed or holds another resource id; 404 when absent.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Release(ReleaseIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        await store.ReleaseAsync(request, ct) switch
        {
            ReleaseOutcome.Released => TypedResults.NoContent(),
            ReleaseOutcome.Refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency record not released",
                detail: "The record is completed or belongs to another resource id."),
            _ => ApiProblems.NotFound("Idempotency record"),
        };
}
