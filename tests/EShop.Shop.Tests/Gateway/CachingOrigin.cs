using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Shop.Tests.Gateway;

/// <summary>A stand-in origin on real Kestrel whose answers carry the caching headers a test asks for in the query
/// (<c>cc</c>: Cache-Control, <c>age</c>: Age, <c>cookie=1</c>: a Set-Cookie), a fixed ETag and a body that counts the requests it served.</summary>
public sealed class CachingOrigin : IAsyncDisposable
{
    public const string ETag = "\"page-1\"";
    private readonly WebApplication _app;
    private int _requests;

    private CachingOrigin(WebApplication app) => _app = app;

    public int Requests => _requests;
    public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    public static async Task<CachingOrigin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var origin = new CachingOrigin(app);
        app.MapGet("/readyz", () => "ready");
        app.Map("/api/v1/{**path}", async (HttpContext context) =>
        {
            var served = Interlocked.Increment(ref origin._requests);
            if (context.Request.Query["cc"] is [{ } cacheControl]) context.Response.Headers.CacheControl = cacheControl;
            if (context.Request.Query["age"] is [{ } age]) context.Response.Headers.Age = age;
            if (context.Request.Query["cookie"] == "1") context.Response.Headers.SetCookie = "session=abc; HttpOnly";
            context.Response.Headers.ETag = ETag;
            await context.Response.WriteAsync($"answer {served}");
        });
        await app.StartAsync();
        return origin;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
