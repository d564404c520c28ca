using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

/// <summary>The fenced idempotency records: claim gives the holder a fence; renew, complete and release need the
/// current one (409, nothing changed, for a stale holder); seize is the reconciler's takeover after the lease.</summary>
public static class IdempotencyEndpoints
{
    public static RouteGroupBuilder MapIdempotencyEndpoints(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/idempotency").WithTags("Idempotency");
        keys.MapPost("/claim", Claim);
        keys.MapPost("/complete", Complete).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        keys.MapPost("/renew", Renew).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        keys.MapPost("/release", Release).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        keys.MapPost("/seize", Seize).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Ok<ClaimIdempotencyResult>> Claim(ClaimIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ClaimAsync(request.ToCommand(), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> Complete(CompleteIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        Answer(await store.CompleteAsync(request.ToCommand(), ct), "The record is completed or is held with a newer fence.");

    private static async Task<Results<NoContent, ProblemHttpResult>> Renew(RenewIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        Answer(await store.RenewAsync(request.ToCommand(), ct), "The record is completed or is held with a newer fence.");

    private static async Task<Results<NoContent, ProblemHttpResult>> Release(ReleaseIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        Answer(await store.ReleaseAsync(request.ToCommand(), ct),
            "The record is completed, holds another resource id or a newer fence, or the payment is no longer pending.");

    private static async Task<Results<Ok<SeizedKey>, ProblemHttpResult>> Seize(SeizeIdempotencyRequest request, IdempotencyStore store, CancellationToken ct) =>
        await store.SeizeAsync(request.ToCommand(), ct) switch
        {
            (FencedOutcome.Done, var fence) => TypedResults.Ok(new SeizedKey(fence)),
            (FencedOutcome.Refused, _) => Refused("The record is completed, holds another resource id, or its holder's lease has not ended."),
            _ => Problems.NotFound("Idempotency record"),
        };

    private static Results<NoContent, ProblemHttpResult> Answer(FencedOutcome outcome, string refusal) => outcome switch
    {
        FencedOutcome.Done => TypedResults.NoContent(),
        FencedOutcome.Refused => Refused(refusal),
        _ => Problems.NotFound("Idempotency record"),
    };

    private static ProblemHttpResult Refused(string detail) => Problems.Status(StatusCodes.Status409Conflict, "Idempotency record not changed", detail);
}
