using System.Security.Claims;

namespace EShop.DbServiceClient.Authentication;

public static class BearerClaims
{
    /// <summary>The id of the user whose bearer token authenticated this request.</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated with a bearer token.");

    /// <summary>The SHA-256 of the bearer token of a request authenticated by <see cref="BearerTokenFormatHandler"/>.</summary>
    public static string GetTokenHash(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(TokenHashClaim) ?? throw new InvalidOperationException("The request carries no checked bearer token.");

    private const string TokenHashClaim = "eshop:bearer-token-hash";

    internal static ClaimsPrincipal ForTokenHash(string tokenHash) =>
        new(new ClaimsIdentity([new Claim(TokenHashClaim, tokenHash)], BearerTokenFormat.Scheme));

    internal static ClaimsPrincipal For(Guid userId, string email) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Email, email)],
            BearerTokens.Scheme));
}
