using System.Security.Claims;

namespace EShop.DbServiceClient.Authentication;

public static class BearerClaims
{
    /// <summary>The id of the user whose bearer token authenticated this request.</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated with a bearer token.");

    internal static ClaimsPrincipal For(Guid userId, string email) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Email, email)],
            BearerTokens.Scheme));
}
