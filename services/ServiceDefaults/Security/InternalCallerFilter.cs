using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EShop.ServiceDefaults.Security;

/// <summary>Rejects callers without the internal service credential (constant-time comparison).</summary>
public sealed class InternalCallerFilter(IOptions<InternalAuthOptions> options) : IEndpointFilter
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.Token);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = context.HttpContext.Request.Headers[InternalAuthOptions.HeaderName].ToString();
        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected))
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Internal credential required",
                detail: $"This route is internal: present the service credential in {InternalAuthOptions.HeaderName}."));
        return next(context);
    }
}
