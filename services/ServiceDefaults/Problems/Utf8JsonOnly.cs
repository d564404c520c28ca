using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace EShop.ServiceDefaults.Problems;

/// <summary>JSON is exchanged as UTF-8 (RFC 8259 §8.1): a request body declared in another charset is a 415
/// problem here, instead of the framework's 500 for charsets it cannot decode (e.g. utf-7).</summary>
public sealed class Utf8JsonOnly(RequestDelegate next, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset.HasValue
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new()
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "Unsupported media type",
                    Detail = $"Request bodies are UTF-8 JSON; charset '{Truncate(mediaType.Charset.Value)}' is not accepted.",
                },
            }).AsTask();
        }
        return next(context);
    }

    private static string? Truncate(string? value) => value is { Length: > 40 } ? value[..40] : value;
}
