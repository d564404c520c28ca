using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.UserService.Sessions;

public static class LogoutEndpoint
{
    public static void MapLogout(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/logout", LogoutAsync)
            .WithName("Logout")
            .WithSummary("Revokes the presented bearer token in every service at once.")
            .RequireBearerToken()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    private static async Task<NoContent> LogoutAsync(HttpRequest request, DbClient db, CancellationToken ct)
    {
        // The bearer policy has already resolved this token, so it is present and well-formed.
        if (BearerTokens.TryRead(request, out var token)) await db.RevokeSessionAsync(BearerTokens.Hash(token), ct);
        return TypedResults.NoContent();
    }
}
