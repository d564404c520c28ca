using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/session").WithTags("Sessions");
        sessions.MapPost("", Create).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/resolve", Resolve).ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/revoke", Revoke);
        return api;
    }

    private static async Task<Results<Created<SessionCreated>, ProblemHttpResult>> Create(CreateSessionRequest request, SessionStore store, CancellationToken ct)
    {
        var creation = await store.CreateAsync(request.ToCommand(), ct);
        return creation.Outcome switch
        {
            VersionedWrite.Done => TypedResults.Created(default(string), creation.Session),
            VersionedWrite.NotFound => Problems.NotFound("Referenced record", "userId", "The referenced userId does not exist."),
            _ => Problems.Conflict("passwordVersion", "The user's password changed after this login verified it; no session is created.", "Password changed"),
        };
    }

    private static async Task<Results<Ok<ResolvedSession>, ProblemHttpResult>> Resolve(TokenHashRequest request, SessionStore store, CancellationToken ct) =>
        await store.ResolveAsync(request.TokenHash, ct) is { } session ? TypedResults.Ok(session) : Problems.NotFound("Session");

    private static async Task<NoContent> Revoke(TokenHashRequest request, SessionStore store, CancellationToken ct)
    {
        await store.RevokeAsync(request.TokenHash, ct);
        return TypedResults.NoContent();
    }
}
