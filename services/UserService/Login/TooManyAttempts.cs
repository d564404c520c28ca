using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.UserService.Login;

/// <summary>The 429 answer of both login limits: problem+json with Retry-After in whole seconds.</summary>
public static class TooManyAttempts
{
    public static ProblemHttpResult Problem(HttpResponse response, TimeSpan retryAfter, string detail)
    {
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail);
    }
}
