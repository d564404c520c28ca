using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EShop.TestSupport;

/// <summary>A stand-in HTTP server on loopback Kestrel (a free port) that answers the n-th request (1-based) as the
/// test scripts it, and counts what arrived: a db-service that fails on cue, a collector that keeps exports.</summary>
public sealed class LoopbackStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LoopbackStub(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    public static async Task<LoopbackStub> StartAsync(Func<int, HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new LoopbackStub(app);
        app.Run(context => answer(Interlocked.Increment(ref stub._requests), context));
        await app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
