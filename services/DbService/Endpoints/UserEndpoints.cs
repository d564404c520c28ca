using System.ComponentModel.DataAnnotations;
using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/user").WithTags("Users");
        users.MapPost("", Create).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("", FindByEmail).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapGet("/{id}", Find).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapDelete("/{id}", Delete).ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPut("/{id}/password-hash", SetPasswordHash).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPost("/{id}/password", ChangePassword).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Created<UserRecord>> Create(CreateUserRequest request, UserStore store, CancellationToken ct)
    {
        var user = await store.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/user/{user.Id}", user);
    }

    private static async Task<Results<Ok<UserRecord>, ProblemHttpResult>> FindByEmail(
        [Required, StringLength(254)] string email, UserStore store, CancellationToken ct) =>
        await store.FindByEmailAsync(email, ct) is { } user ? TypedResults.Ok(user) : Problems.NotFound("User");

    private static async Task<Results<Ok<UserRecord>, ProblemHttpResult>> Find(Guid id, UserStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } user ? TypedResults.Ok(user) : Problems.NotFound("User");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, UserStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("User");

    private static async Task<Results<NoContent, ProblemHttpResult>> SetPasswordHash(
        Guid id, SetPasswordHashRequest request, UserStore store, CancellationToken ct) =>
        await store.SetPasswordHashAsync(id, request.ToCommand(), ct) switch
        {
            VersionedWrite.Done => TypedResults.NoContent(),
            VersionedWrite.NotFound => Problems.NotFound("User"),
            _ => PasswordChangedMeanwhile(),
        };

    private static async Task<Results<Ok<PasswordChanged>, ProblemHttpResult>> ChangePassword(
        Guid id, ChangePasswordRequest request, UserStore store, CancellationToken ct)
    {
        var change = await store.ChangePasswordAsync(id, request.ToCommand(), ct);
        return change.Outcome switch
        {
            VersionedWrite.Done => TypedResults.Ok(change.Changed),
            VersionedWrite.NotFound => Problems.NotFound("User"),
            _ => PasswordChangedMeanwhile(),
        };
    }

    private static ProblemHttpResult PasswordChangedMeanwhile() =>
        Problems.Conflict("passwordVersion", "The user's password changed after the presented passwordVersion; nothing was written.", "Password changed");
}
