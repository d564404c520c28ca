using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EShop.DbServiceClient;

/// <summary>The expected outcomes of a db-service call; anything else (401, 5xx) is thrown as <see cref="DbServiceException"/>.</summary>
public enum DbOutcome
{
    Ok,
    Created,
    NotFound,
    Conflict,
    Invalid,
}

public record DbResult(DbOutcome Outcome, HttpValidationProblemDetails? Problem)
{
    public bool IsSuccess => Outcome is DbOutcome.Ok or DbOutcome.Created;

    /// <summary>A string extension member of the problem, e.g. <c>currentStatus</c> of a refused payment status change.</summary>
    public string? ProblemExtension(string name) =>
        Problem?.Extensions.TryGetValue(name, out var value) == true && value is JsonElement { ValueKind: JsonValueKind.String } text
            ? text.GetString()
            : null;
}

public sealed record DbResult<T>(DbOutcome Outcome, T? Value, HttpValidationProblemDetails? Problem) : DbResult(Outcome, Problem)
{
    /// <summary>The value of a successful call; throws when the outcome was not a success.</summary>
    public T Required => IsSuccess && Value is not null
        ? Value
        : throw new InvalidOperationException($"db-service answered {Outcome}: {Problem?.Detail}");
}

public sealed class DbServiceException(string message, int statusCode) : HttpRequestException(message, null, (System.Net.HttpStatusCode)statusCode);
