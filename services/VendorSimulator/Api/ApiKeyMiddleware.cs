using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EShop.VendorSimulator.Api;

/// <summary>Every vendor and admin route needs the API key (constant-time comparison). A middleware,
/// not an endpoint filter, so an unauthenticated caller gets 401 before its body is even read.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<SimulatorOptions> options, IProblemDetailsService problems)
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        if (presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "API key required", Detail = $"Present the vendor API key in {HeaderName}." },
        });
    }
}

public static class ApiKeyProtection
{
    /// <summary>Requires the API key on the vendor (/v1) and admin (/admin) routes; health, metrics and OpenAPI stay open.</summary>
    public static void UseApiKeyProtection(this WebApplication app) =>
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments("/v1") || c.Request.Path.StartsWithSegments("/admin"),
            branch => branch.UseMiddleware<ApiKeyMiddleware>());
}
