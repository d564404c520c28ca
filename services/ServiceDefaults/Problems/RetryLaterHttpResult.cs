using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EShop.ServiceDefaults.Problems;

/// <summary>A problem answer with <c>Retry-After</c>: a typed result, so handlers can name it in <c>Results&lt;…&gt;</c>.</summary>
public sealed class RetryLaterHttpResult(ProblemHttpResult problem, TimeSpan retryAfter)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public ProblemDetails Value => problem.ProblemDetails;
    object? IValueHttpResult.Value => problem.ProblemDetails;
    public int? StatusCode => problem.StatusCode;
    public string? ContentType => problem.ContentType;

    /// <summary>Whole seconds, at least 1 (RFC 9110 delay-seconds).</summary>
    public int RetryAfterSeconds { get; } = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(httpContext);
    }
}
