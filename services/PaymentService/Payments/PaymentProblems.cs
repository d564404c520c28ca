using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EShop.PaymentService.Payments;

/// <summary>The problem+json answers of the payment routes; each names the field or header at fault.</summary>
public static class PaymentProblems
{
    public static ProblemHttpResult Field(int status, string field, string message) => Fields(status, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Fields(int status, IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = status,
            Title = status == StatusCodes.Status400BadRequest ? "Invalid request" : "The payment cannot be made",
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}.")),
        });

    public static IResult RetryLater(string title, string detail, TimeSpan retryAfter, Guid? paymentId = null, int status = StatusCodes.Status503ServiceUnavailable)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (paymentId is { } id) problem.Extensions["paymentId"] = id;
        return new WithRetryAfter(TypedResults.Problem(problem), retryAfter);
    }

    private sealed class WithRetryAfter(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            return inner.ExecuteAsync(context);
        }
    }
}
