using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.ServiceDefaults.Problems;

public static class ProblemResponses
{
    /// <summary>Every error answer is RFC 9457 problem+json carrying the trace id; bad requests
    /// (malformed JSON, wrong types, oversize bodies) are thrown so they can name the field.</summary>
    public static void AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // The W3C trace id (also the X-Request-Id header), not the framework's "00-trace-span-flags" form.
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions.Remove("exception");
            if (ctx.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
                validation.Errors = validation.Errors.ToDictionary(e => JsonFieldNames.FromMemberPath(e.Key), e => e.Value);
        });
        // Numbers must be JSON numbers: "qty":"5" is a bad request, not a silent conversion.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new NoNulStrings());
        });
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
    }
}
