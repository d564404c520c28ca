using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EShop.DbService.Tests.Client;

/// <summary>A stand-in for db-service on loopback Kestrel that answers the n-th request (1-based) as the test scripts it,
/// and counts what arrived.</summary>
public sealed class ScriptedDbService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ScriptedDbService(WebApplication app) => _app = app;

    public int Requests => Volatile.Read(ref _requests);

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    public static async Task<ScriptedDbService> StartAsync(Func<int, HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new ScriptedDbService(app);
        app.Run(context => answer(Interlocked.Increment(ref service._requests), context));
        await app.StartAsync();
        return service;
    }

    public static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    public static Task User(HttpContext context) => context.Response.WriteAsJsonAsync(new
    {
        id = Guid.NewGuid(),
        email = "scripted@example.test",
        name = "Scripted",
        passwordHash = "x",
        createdAt = DateTimeOffset.UtcNow,
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
