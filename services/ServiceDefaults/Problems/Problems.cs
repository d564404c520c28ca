using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EShop.ServiceDefaults.Problems;

/// <summary>The one vocabulary of expected error answers (RFC 9457 problem+json) in every service. A problem about a
/// field or header names it in <c>errors</c>, so a client can point at what to fix.</summary>
public static class Problems
{
    /// <summary>A problem about one field or header: <c>errors: { field: [message] }</c>.</summary>
    public static ProblemHttpResult Field(int status, string field, string message, string? title = null, string? detail = null) =>
        Fields(status, new Dictionary<string, string[]> { [field] = [message] }, title, detail);

    /// <summary>A problem about several fields at once.</summary>
    public static ProblemHttpResult Fields(int status, IReadOnlyDictionary<string, string[]> errors, string? title = null, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = status,
            Title = title ?? DefaultTitle(status),
            Detail = detail ?? string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}.")),
        });

    /// <summary>404 for a resource that does not exist, naming what was looked up.</summary>
    public static ProblemHttpResult NotFound(string what, string? field = null, string? detail = null) =>
        field is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: detail)
            : Field(StatusCodes.Status404NotFound, field, detail ?? $"no such {what}", $"{what} not found", detail);

    /// <summary>409 naming the field whose value clashes with what is stored.</summary>
    public static ProblemHttpResult Conflict(string field, string message, string? title = null) =>
        Field(StatusCodes.Status409Conflict, field, message, title, message);

    /// <summary>A problem that names no field (401, 403, a state that refuses the request), with optional members the
    /// caller reads.</summary>
    public static ProblemHttpResult Status(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    /// <summary>503 (or 429) with <c>Retry-After</c> in whole seconds, at least 1.</summary>
    public static RetryLaterHttpResult RetryLater(string title, string detail, TimeSpan retryAfter,
        int status = StatusCodes.Status503ServiceUnavailable, IDictionary<string, object?>? extensions = null) =>
        new(TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = extensions ?? new Dictionary<string, object?>() }),
            retryAfter);

    /// <summary>429 with <c>Retry-After</c>.</summary>
    public static RetryLaterHttpResult TooManyRequests(string detail, TimeSpan retryAfter) =>
        RetryLater("Too many requests", detail, retryAfter, StatusCodes.Status429TooManyRequests);

    private static string DefaultTitle(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Invalid request",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status422UnprocessableEntity => "The request cannot be processed",
        _ => "The request failed",
    };
}
