using System.ComponentModel.DataAnnotations;
using EShop.DbServiceClient;
using EShop.UserService.Accounts;
using EShop.UserService.Passwords;
using EShop.UserService.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.UserService.Login;

public sealed record LoginRequest(
    [Required, StringLength(254)][property: EmailData] string Email,
    [Required, StringLength(1024)][property: SecretData] string Password);

public sealed record LoginResponse([property: SecretData] string Token, string TokenType, DateTimeOffset ExpiresAt);

public static class LoginEndpoint
{
    public static void MapLogin(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/login", LoginAsync)
            .WithName("Login")
            .WithSummary("Exchanges email and password for a bearer token.")
            .RequireRateLimiting(ClientRateLimiting.Policy)
            .WithNoStore()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, DbClient db, IPasswordHasher<UserAccount> hasher,
        UnknownAccountPasswordCheck unknownAccount, AccountLoginThrottle throttle, SessionIssuer sessions, CancellationToken ct)
    {
        var email = AccountEmail.Normalize(request.Email);
        var client = LoginClient.KeyOf(context);
        // Reserved before the password check: concurrent attempts cannot all pass a limit they read at once.
        if (await throttle.ReserveAsync(email, client, ct) is { } retryAfter)
            return TooManyAttempts.Problem(context.Response, retryAfter, "Too many failed logins from this client for this account; retry later.");

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

    // One answer for an unknown email and a wrong password.
    private static ProblemHttpResult InvalidCredentials() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Invalid credentials",
        detail: "The email or password is incorrect.");
}
