using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Shop.Tests.Gateway;

/// <summary>A stand-in replica on real Kestrel: ready, answers the public routes with its name, or (when
/// <c>dropsRequests</c>) aborts the connection of every request to them after reading it, or (when
/// <c>refusesUnread</c>) answers 401 without reading the body, as an authorization check does. Counts what reached it.</summary>
public sealed class FakeReplica : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private FakeReplica(WebApplication app) => _app = app;

    public int Requests => _requests;
    public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    public static async Task<FakeReplica> StartAsync(string name, bool dropsRequests = false, bool refusesUnread = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var replica = new FakeReplica(app);
        app.MapGet("/readyz", () => "ready");
        app.Map("/api/v1/{**path}", async (HttpContext context) =>
        {
            Interlocked.Increment(ref replica._requests);
            if (refusesUnread)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (dropsRequests) context.Abort();
            else await context.Response.WriteAsync(name);
        });
        await app.StartAsync();
        return replica;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
