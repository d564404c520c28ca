using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.ServiceDefaults.Configuration;

public sealed class RequestLimitOptions
{
    public const string Section = "Limits";

    /// <summary>Largest accepted request body; the shop's JSON requests are a few hundred bytes.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

public static class RequestLimits
{
    public static void AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RequestLimitOptions>(RequestLimitOptions.Section);
        var limits = builder.Configuration.GetSection(RequestLimitOptions.Section).Get<RequestLimitOptions>() ?? new();
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            o.Limits.MaxRequestHeaderCount = 64;
            o.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            o.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
    }
}
