using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class LoginFailureEndpoints
{
    public static RouteGroupBuilder MapLoginFailureEndpoints(this RouteGroupBuilder api)
    {
        var attempts = api.MapGroup("/login-attempt").WithTags("Login attempts");
        attempts.MapPost("", Reserve);
        attempts.MapPost("/succeeded", Succeeded);
        return api;
    }

    private static async Task<Ok<LoginAttemptReservation>> Reserve(ReserveLoginAttemptRequest request, LoginFailureStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ReserveAsync(request.ToCommand(), ct));

    private static async Task<NoContent> Succeeded(LoginSucceededRequest request, LoginFailureStore store, CancellationToken ct)
    {
        await store.SucceededAsync(request, ct);
        return TypedResults.NoContent();
    }
}
