using System.ComponentModel.DataAnnotations;
using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.ServiceDefaults.Logging.Redaction;
using EShop.ServiceDefaults.Problems;
using EShop.UserService.Login;
using EShop.UserService.Passwords;
using EShop.UserService.Passwords.CommonPasswords;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace EShop.UserService.Accounts;

public sealed record SignupRequest(
    [Required, RegularExpression(SignupRequest.EmailShape, ErrorMessage = "The email field is not a valid e-mail address."), StringLength(254)]
    [property: EmailData] string Email,
    [Required, StringLength(128, MinimumLength = 12), NotCommonPassword][property: SecretData] string Password,
    [StringLength(200)] string? Name)
{
    /// <summary>local@domain.tld without spaces inside ([EmailAddress] would accept e.g. "a@b").</summary>
    public const string EmailShape = @"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$";
}

public sealed record SignupResponse(Guid Id, string Email);

public sealed record PasswordChangeRequest(
    [Required, StringLength(1024)][property: SecretData] string CurrentPassword,
    [Required, StringLength(128, MinimumLength = 12), NotCommonPassword][property: SecretData] string NewPassword);

/// <summary>Creating an account and changing its password.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/signup", SignUpAsync)
            .WithName("Signup")
            .WithSummary("Creates an account.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/password", ChangePasswordAsync)
            .WithName("ChangePassword")
            .WithSummary("Changes the password of the bearer token's account and revokes every other session of it.")
            .RequireBearerToken()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }

    private static async Task<Results<Created<SignupResponse>, ProblemHttpResult>> SignUpAsync(
        SignupRequest request, DbClient db, IPasswordHasher<UserAccount> hasher, CancellationToken ct)
    {
        var email = AccountEmail.Normalize(request.Email);
        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        var hash = hasher.HashPassword(UserAccount.Instance, request.Password);
        var created = await db.CreateUserAsync(new CreateUserRequest(email, name, hash), ct);
        return created.Outcome switch
        {
            DbOutcome.Created or DbOutcome.Ok =>
                TypedResults.Created((string?)null, new SignupResponse(created.Required.Id, created.Required.Email)),
            DbOutcome.Conflict => Problems.Conflict("email", "An account with this email already exists.", "Email already registered"),
            _ => Problems.Status(StatusCodes.Status400BadRequest, "Invalid signup", created.Problem?.Detail),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult, RetryLaterHttpResult>> ChangePasswordAsync(
        PasswordChangeRequest request, HttpContext context, DbClient db, IPasswordHasher<UserAccount> hasher,
        AccountLoginThrottle throttle, CancellationToken ct)
    {
        if (request.NewPassword == request.CurrentPassword)
            return Problems.Field(StatusCodes.Status400BadRequest, "newPassword", "The new password must differ from the current one.");

        var user = await db.GetUserAsync(context.User.GetUserId(), ct);
        if (!user.IsSuccess) return AccountGone();
        var account = user.Required;

        // The current password is a password guess like a login: a stolen token must not make guessing free.
        var client = LoginClient.KeyOf(context);
        if (await throttle.ReserveAsync(account.Email, client, ct) is { } retryAfter)
            return Problems.TooManyRequests("Too many failed password checks from this client for this account; retry later.", retryAfter);
        var verification = hasher.VerifyHashedPassword(UserAccount.Instance, account.PasswordHash, request.CurrentPassword);
        if (verification == PasswordVerificationResult.Failed)
            return Problems.Field(StatusCodes.Status403Forbidden, "currentPassword", "is incorrect",
                "Wrong current password", "The current password is incorrect.");
        await throttle.SucceededAsync(account.Email, client, ct);

        // The bearer policy has already resolved this token, so it is present and well-formed.
        BearerTokens.TryRead(context.Request, out var token);
        var newHash = hasher.HashPassword(UserAccount.Instance, request.NewPassword);
        var changed = await db.ChangePasswordAsync(account.Id,
            new ChangePasswordRequest(newHash, account.PasswordVersion, token is null ? null : BearerTokens.Hash(token)), ct);
        return changed.Outcome switch
        {
            DbOutcome.Ok or DbOutcome.Created => TypedResults.NoContent(),
            DbOutcome.Conflict => Problems.Status(StatusCodes.Status409Conflict, "Password changed meanwhile",
                "The password was changed by another request while this one ran; nothing was changed by this one."),
            _ => AccountGone(),
        };
    }

    private static ProblemHttpResult AccountGone() =>
        Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "The account of this token no longer exists.");
}
