using EShop.DbService.Stores;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class SessionEndpoints
{
    public static void MapSessionEndpoints(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/session").WithTags("Sessions");
        sessions.MapPost("", Create).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/resolve", Resolve).ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/revoke", Revoke);
    }

    private static async Task<Results<Created<SessionCreated>, ProblemHttpResult>> Create(CreateSessionRequest request, SessionStore store, CancellationToken ct)
    {
        var creation = await store.CreateAsync(request, ct);
        return creation.Outcome switch
        {
            VersionedWrite.Done => TypedResults.Created(default(string), creation.Session),
            VersionedWrite.NotFound => ApiProblems.Field(StatusCodes.Status404NotFound, "userId", "Referenced record not found", "The referenced userId does not exist."),
            _ => ApiProblems.Field(StatusCodes.Status409Conflict, "passwordVersion", "Password changed",
                "The user's password changed after this login verified it; no session is created."),
        };
    }

    private static async Task<Results<Ok<ResolvedSession>, ProblemHttpResult>> Resolve(TokenHashRequest request, SessionStore store, CancellationToken ct) =>
        await store.ResolveAsync(request.TokenHash, ct) is { } session ? TypedResults.Ok(session) : ApiProblems.NotFound("Session");

    private static async Task<NoContent> Revoke(TokenHashRequest request, SessionStore store, CancellationToken ct)
    {
        await store.RevokeAsync(request.TokenHash, ct);
        return TypedResults.NoContent();
    }
}
