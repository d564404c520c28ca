using System.ComponentModel.DataAnnotations;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.DbService.Contracts;
using EShop.UserService.Login;
using EShop.UserService.Passwords;
using EShop.UserService.Passwords.CommonPasswords;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.UserService.Accounts;

public sealed record PasswordChangeRequest(
    [Required, StringLength(1024)][property: SecretData] string CurrentPassword,
    [Required, StringLength(128, MinimumLength = 12), NotCommonPassword][property: SecretData] string NewPassword);

public static class PasswordChangeEndpoint
{
    public static void MapPasswordChange(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/password", ChangeAsync)
            .WithName("ChangePassword")
            .WithSummary("Changes the password of the bearer token's account and revokes every other session of it.")
            .RequireBearerToken()
            .RequireRateLimiting(ClientRateLimiting.Policy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        PasswordChangeRequest request, HttpContext context, DbClient db, IPasswordHasher<UserAccount> hasher,
        AccountLoginThrottle throttle, CancellationToken ct)
    {
        if (request.NewPassword == request.CurrentPassword)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newPassword"] = ["The new password must differ from the current one."] });

        var user = await db.GetUserAsync(context.User.GetUserId(), ct);
        if (!user.IsSuccess)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The account of this token no longer exists.");
        var account = user.Required;

        // The current password is a password guess like a login: a stolen token must not make guessing free.
        var client = LoginClient.KeyOf(context);
        if (await throttle.ReserveAsync(account.Email, client, ct) is { } retryAfter)
            return TooManyAttempts.Problem(context.Response, retryAfter, "Too many failed password checks from this client for this account; retry later.");
        if (hasher.VerifyHashedPassword(UserAccount.Instance, account.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong current password",
                detail: "The current password is incorrect.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["currentPassword"] = ["is incorrect"] } });
        await throttle.SucceededAsync(account.Email, client, ct);

        // The bearer policy has already resolved this token, so it is present and well-formed.
        BearerTokens.TryRead(context.Request, out var token);
        var changed = await db.ChangePasswordAsync(account.Id, new ChangePasswordRequest(
            hasher.HashPassword(UserAccount.Instance, request.NewPassword), account.PasswordVersion, token is null ? null : BearerTokens.Hash(token)), ct);
        return changed.Outcome switch
        {
            DbOutcome.Ok or DbOutcome.Created => TypedResults.NoContent(),
            DbOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Password changed meanwhile",
                detail: "The password was changed by another request while this one ran; nothing was changed by this one."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The account of this token no longer exists."),
        };
    }
}
