using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EShop.ServiceDefaults.Problems;

/// <summary>Turns the framework's bad-request exceptions into a 4xx problem that names the offending
/// field (JSON path) or parameter, instead of a bare status or a 500.</summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;

        var problem = new ProblemDetails { Status = bad.StatusCode, Title = TitleFor(bad.StatusCode), Detail = bad.Message };
        if (FindJsonError(bad) is { } json)
        {
            var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            problem.Detail = $"The request body is not valid JSON for this route at '{field}'.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [FirstLine(json.Message)] };
        }

        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static JsonException? FindJsonError(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
            if (e is JsonException json) return json;
        return null;
    }

    // JsonException messages can echo input; keep only the first sentence (position and type), no payload.
    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        return line.Length > 300 ? line[..300] : line;
    }

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "Request headers too large",
        _ => "Bad request",
    };
}
