using System.ComponentModel.DataAnnotations;
using EShop.DbServiceClient;
using EShop.DbService.Contracts;
using EShop.UserService.Login;
using EShop.UserService.Passwords;
using EShop.UserService.Passwords.CommonPasswords;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.UserService.Accounts;

public sealed record SignupRequest(
    [Required, RegularExpression(SignupRequest.EmailShape, ErrorMessage = "The email field is not a valid e-mail address."), StringLength(254)][property: EmailData] string Email,
    [Required, StringLength(128, MinimumLength = 12), NotCommonPassword][property: SecretData] string Password,
    [StringLength(200)] string? Name)
{
    /// <summary>local@domain.tld without spaces inside ([EmailAddress] would accept e.g. "a@b").</summary>
    public const string EmailShape = @"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$";
}

public sealed record SignupResponse(Guid Id, string Email);

public static class SignupEndpoint
{
    public static void MapSignup(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/signup", SignupAsync)
            .WithName("Signup")
            .WithSummary("Creates an account.")
            .RequireRateLimiting(ClientRateLimiting.Policy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Created<SignupResponse>, ProblemHttpResult>> SignupAsync(
        SignupRequest request, DbClient db, IPasswordHasher<UserAccount> hasher, CancellationToken ct)
    {
        var email = AccountEmail.Normalize(request.Email);
        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        var created = await db.CreateUserAsync(new CreateUserRequest(email, name, hasher.HashPassword(UserAccount.Instance, request.Password)), ct);
        return created.Outcome switch
        {
            DbOutcome.Created or DbOutcome.Ok => TypedResults.Created((string?)null, new SignupResponse(created.Required.Id, created.Required.Email)),
            DbOutcome.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email already registered",
                detail: "An account with this email already exists."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid signup", detail: created.Problem?.Detail),
        };
    }
}
