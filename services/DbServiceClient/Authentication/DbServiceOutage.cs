using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace EShop.DbServiceClient.Authentication;

/// <summary>db-service did not answer usefully (unreachable, timed out, or an unexpected status): the caller
/// gets 503 with Retry-After, never a 500 and never a 401 that would wrongly say the token is bad.</summary>
public sealed class DbServiceOutage(IProblemDetailsService problems, ILogger<DbServiceOutage> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public static bool IsOutage(Exception exception, HttpContext context) => exception switch
    {
        HttpRequestException => true,
        // HttpClient reports its own timeout as a cancellation; the caller going away is not an outage.
        OperationCanceledException => !context.RequestAborted.IsCancellationRequested,
        _ => false,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception, context)) return false;
        logger.LogWarning("db-service unavailable: {Reason}", exception.Message);
        await WriteAsync(problems, context, "The shop's data service is unavailable; try again shortly.");
        return true;
    }

    public static ValueTask WriteAsync(IProblemDetailsService problems, HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable", Detail = detail },
        });
    }
}
