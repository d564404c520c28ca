using System.Threading.RateLimiting;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EShop.UserService.Login;

/// <summary>ASP.NET Core's rate limiter, one fixed window per client (see <see cref="LoginClient"/>) for signup, login and password change.
/// Behind the gateway or Ingress, set ASPNETCORE_FORWARDEDHEADERS_ENABLED=true so the address is the
/// client's (X-Forwarded-For) and not the proxy's.</summary>
public static class ClientRateLimiting
{
    public const string Policy = "per-client";

    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                var window = http.RequestServices.GetRequiredService<IOptions<LoginLimitOptions>>().Value.PerClientWindowSeconds;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(window);
                await Problems.TooManyRequests("Too many requests from this address; retry later.", retryAfter).ExecuteAsync(http);
            };
            o.AddPolicy(Policy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<LoginLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(LoginClient.KeyOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PerClientPermitLimit,
                    Window = TimeSpan.FromSeconds(limits.PerClientWindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
}
