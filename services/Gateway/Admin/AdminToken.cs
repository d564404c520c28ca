using System.Security.Cryptography;
using System.Text;
using EShop.Gateway.Routing;
using EShop.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;

namespace EShop.Gateway.Admin;

/// <summary>The admin listener's guard: every admin endpoint needs <c>Gateway__AdminToken</c> in
/// <see cref="Header"/> (constant-time comparison); with no token configured nothing is let in.</summary>
public static class AdminToken
{
    public const string Header = "X-Gateway-Admin-Token";

    public static async ValueTask<object?> RequireAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AdminToken;
        var presented = context.HttpContext.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(expected)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
            return Problems.Status(StatusCodes.Status401Unauthorized, "admin token required",
                $"Present the gateway's admin token in {Header}.");
        return await next(context);
    }
}
