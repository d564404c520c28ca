using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace EShop.DbService.Database;

/// <summary>The database constraints are the last word on bad input: their violations become 4xx problems
/// naming the field; an unreachable database becomes 503. Never a 500 for input.</summary>
public sealed class PostgresProblemHandler(IProblemDetailsService problems, ILogger<PostgresProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not NpgsqlException npgsql) return false;
        var problem = npgsql is PostgresException postgres ? FromConstraint(postgres) : null;
        if (problem is null)
        {
            if (!npgsql.IsTransient && npgsql is not PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow })
                return false;
            logger.LogWarning("Database unavailable: {Error}", npgsql.Message);
            problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Database unavailable", Detail = "Try again shortly." };
            context.Response.Headers.RetryAfter = "2";
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails? FromConstraint(PostgresException e)
    {
        var field = FieldOf(e);
        return e.SqlState switch
        {
            PostgresErrorCodes.UniqueViolation => Problem(StatusCodes.Status409Conflict, "Conflict", field, $"A record with this {field ?? "key"} already exists."),
            PostgresErrorCodes.ForeignKeyViolation => Problem(StatusCodes.Status404NotFound, "Referenced record not found", field, $"The referenced {field ?? "record"} does not exist."),
            PostgresErrorCodes.CheckViolation => Problem(StatusCodes.Status400BadRequest, "Bad request", field, $"The value of {field ?? "a field"} is refused by the database check {e.ConstraintName}."),
            PostgresErrorCodes.NotNullViolation => Problem(StatusCodes.Status400BadRequest, "Bad request", e.ColumnName is null ? null : ToJsonName(e.ColumnName), "A required value is missing."),
            // Class 22 (data exception: text with NUL, value out of range, bad encoding) and 54000 (value too large to index).
            _ when e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState == PostgresErrorCodes.ProgramLimitExceeded =>
                Problem(StatusCodes.Status400BadRequest, "Bad request", null, "A value cannot be stored (invalid characters such as NUL, out of range or too large)."),
            _ => null,
        };
    }

    private static ProblemDetails Problem(int status, string title, string? field, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        return problem;
    }

    /// <summary>Constraints keep PostgreSQL's default names, &lt;table&gt;_&lt;column&gt;_check|fkey|key, so the
    /// column (and the JSON field) can be read back from the name.</summary>
    private static string? FieldOf(PostgresException e)
    {
        if (e.ConstraintName is not { } constraint || e.TableName is not { } table || !constraint.StartsWith(table + "_", StringComparison.Ordinal))
            return null;
        var rest = constraint[(table.Length + 1)..];
        var suffix = rest.LastIndexOf('_');
        if (suffix <= 0) return null;
        return ToJsonName(rest[..suffix]);
    }

    /// <summary>vendor_token becomes vendorToken.</summary>
    private static string ToJsonName(string column) =>
        JsonNamingPolicy.CamelCase.ConvertName(string.Concat(
            column.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..])));
}
