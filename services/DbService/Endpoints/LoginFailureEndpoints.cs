using EShop.DbService.Stores;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class LoginFailureEndpoints
{
    public static void MapLoginFailureEndpoints(this RouteGroupBuilder api)
    {
        var attempts = api.MapGroup("/login-attempts").WithTags("Login attempts");
        attempts.MapPost("", Reserve);
        attempts.MapPost("/succeeded", Succeeded);
    }

    private static async Task<Ok<LoginAttemptReservation>> Reserve(ReserveLoginAttemptRequest request, LoginFailureStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ReserveAsync(request, ct));

    private static async Task<NoContent> Succeeded(LoginSucceededRequest request, LoginFailureStore store, CancellationToken ct)
    {
        await store.SucceededAsync(request, ct);
        return TypedResults.NoContent();
    }
}
