using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EShop.DbServiceClient.Authentication;

/// <summary>The 401 and 403 answers of both bearer schemes, as problem+json.</summary>
internal static class BearerChallenge
{
    public static async Task WriteUnauthorizedAsync(HttpContext context, IProblemDetailsService problems)
    {
        var presented = BearerTokens.IsPresented(context.Request);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = presented ? $"{BearerTokens.Scheme} error=\"invalid_token\"" : BearerTokens.Scheme;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = presented
                    ? "The bearer token is invalid, expired or revoked."
                    : "This route requires a bearer token: Authorization: Bearer <token> from POST /api/v1/login.",
            },
        });
    }

    public static async Task WriteForbiddenAsync(HttpContext context, IProblemDetailsService problems)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden" },
        });
    }
}
