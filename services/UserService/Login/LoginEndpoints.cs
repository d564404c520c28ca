using System.ComponentModel.DataAnnotations;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.ServiceDefaults.Logging.Redaction;
using EShop.ServiceDefaults.Problems;
using EShop.UserService.Accounts;
using EShop.UserService.Passwords;
using EShop.UserService.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace EShop.UserService.Login;

public sealed record LoginRequest(
    [Required, StringLength(254)][property: EmailData] string Email,
    [Required, StringLength(1024)][property: SecretData] string Password);

public sealed record LoginResponse([property: SecretData] string Token, string TokenType, DateTimeOffset ExpiresAt);

/// <summary>Exchanging email and password for a bearer token, and revoking it.</summary>
public static class LoginEndpoints
{
    public static RouteGroupBuilder MapLoginEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/login", LogInAsync)
            .WithName("Login")
            .WithSummary("Exchanges email and password for a bearer token.")
            .WithNoStore()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/logout", LogOutAsync)
            .WithName("Logout")
            .WithSummary("Revokes the presented bearer token in every service at once.")
            .RequireBearerToken()
            // Revoking a token must work even when the client's address has spent its signup and login budget.
            .DisableRateLimiting()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult, RetryLaterHttpResult>> LogInAsync(
        LoginRequest request, HttpContext context, DbClient db, IPasswordHasher<UserAccount> hasher,
        UnknownAccountPasswordCheck unknownAccount, AccountLoginThrottle throttle, SessionIssuer sessions, CancellationToken ct)
    {
        var email = AccountEmail.Normalize(request.Email);
        var client = LoginClient.KeyOf(context);
        // Reserved before the password check: concurrent attempts cannot all pass a limit they read at once.
        if (await throttle.ReserveAsync(email, client, ct) is { } retryAfter)
            return Problems.TooManyRequests("Too many failed logins from this client for this account; retry later.", retryAfter);

        var user = await db.GetUserByEmailAsync(email, ct);
        var verification = PasswordVerificationResult.Failed;
        if (user.IsSuccess) verification = hasher.VerifyHashedPassword(UserAccount.Instance, user.Required.PasswordHash, request.Password);
        else unknownAccount.SpendVerificationWork(request.Password);

        // A failure needs no second call: the reserved attempt already counts as one.
        if (verification == PasswordVerificationResult.Failed) return InvalidCredentials();

        var account = user.Required;
        await throttle.SucceededAsync(email, client, ct);
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
            await db.SetPasswordHashAsync(account.Id, hasher.HashPassword(UserAccount.Instance, request.Password), account.PasswordVersion, ct);

        var issued = await sessions.IssueAsync(account.Id, account.PasswordVersion, ct);
        return issued is null
            ? InvalidCredentials()
            : TypedResults.Ok(new LoginResponse(issued.Token, "Bearer", issued.ExpiresAt));
    }

    private static async Task<NoContent> LogOutAsync(HttpRequest request, DbClient db, CancellationToken ct)
    {
        // The bearer policy has already resolved this token, so it is present and well-formed.
        if (BearerTokens.TryRead(request, out var token)) await db.RevokeSessionAsync(BearerTokens.Hash(token), ct);
        return TypedResults.NoContent();
    }

    // One answer for an unknown email and a wrong password.
    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Status(StatusCodes.Status401Unauthorized, "Invalid credentials", "The email or password is incorrect.");
}
