using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.DbServiceClient.Authentication;

/// <summary>Checks only the form of a bearer token, for an endpoint that resolves the token inside its own db-service call
/// (payment-service's POST /pay/begin), which saves the separate session round trip. The principal holds the token's
/// SHA-256, never the token; the endpoint answers <see cref="BearerTokenFormat.Unauthorized"/> when db-service does not
/// know it. A missing or malformed token is refused here, before the body is read.</summary>
public sealed class BearerTokenFormatHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BearerTokens.IsPresented(Request)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!BearerTokens.TryRead(Request, out var token))
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header does not hold a bearer token of the issued form."));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(BearerClaims.ForTokenHash(BearerTokens.Hash(token)), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => BearerChallenge.WriteUnauthorizedAsync(Context, problems);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => BearerChallenge.WriteForbiddenAsync(Context, problems);
}

public static class BearerTokenFormat
{
    public const string Scheme = "BearerFormat";

    /// <summary>The 401 of a well-formed token that db-service does not know (unknown, revoked or expired).</summary>
    public static IResult Unauthorized() => Results.Challenge(authenticationSchemes: [Scheme]);
}
