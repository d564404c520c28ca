using System.ComponentModel.DataAnnotations;
using EShop.DbService.Stores;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class LoginFailureEndpoints
{
    public static void MapLoginFailureEndpoints(this RouteGroupBuilder api)
    {
        var failures = api.MapGroup("/login-failures").WithTags("Login failures");
        failures.MapGet("", Count);
        failures.MapPost("", Record);
        failures.MapDelete("", Clear);
    }

    private static async Task<Ok<LoginFailureSummary>> Count(
        [Required, StringLength(254)] string email, LoginFailureStore store, CancellationToken ct,
        [Range(1, LoginFailureStore.MaxWindowSeconds)] int windowSeconds = 3600) =>
        TypedResults.Ok(await store.CountAsync(email, windowSeconds, ct));

    private static async Task<NoContent> Record(LoginFailureRequest request, LoginFailureStore store, CancellationToken ct)
    {
        await store.RecordAsync(request.Email, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Clear([Required, StringLength(254)] string email, LoginFailureStore store, CancellationToken ct)
    {
        await store.ClearAsync(email, ct);
        return TypedResults.NoContent();
    }
}
