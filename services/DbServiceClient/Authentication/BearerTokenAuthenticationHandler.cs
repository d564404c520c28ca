using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.DbServiceClient.Authentication;

/// <summary>Checks an opaque bearer token by resolving its SHA-256 through db-service on every request
/// (no cache: a revoked token is refused by every service at once).</summary>
public sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    DbClient db,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BearerTokens.IsPresented(Request)) return AuthenticateResult.NoResult();
        if (!BearerTokens.TryRead(Request, out var token)) return AuthenticateResult.Fail("The Authorization header does not hold a bearer token of the issued form.");

        try
        {
            var session = await db.ResolveSessionAsync(BearerTokens.Hash(token), Context.RequestAborted);
            if (!session.IsSuccess) return AuthenticateResult.Fail("The bearer token is unknown, revoked or expired.");
            var principal = BearerClaims.For(session.Required.UserId, session.Required.Email);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }
        catch (Exception ex) when (DbServiceOutage.IsOutage(ex, Context))
        {
            Logger.LogWarning("Bearer token could not be checked, db-service unavailable: {Reason}", ex.Message);
            return AuthenticateResult.Fail(new TokenCheckUnavailableException(ex));
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is TokenCheckUnavailableException)
        {
            await DbServiceOutage.WriteAsync(problems, Context, "The bearer token cannot be checked right now; try again shortly.");
            return;
        }

        await BearerChallenge.WriteUnauthorizedAsync(Context, problems);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => BearerChallenge.WriteForbiddenAsync(Context, problems);
}

/// <summary>The token could not be checked because db-service is unavailable (answered as 503, not 401).</summary>
public sealed class TokenCheckUnavailableException(Exception inner) : Exception("db-service unavailable for the token check", inner);
