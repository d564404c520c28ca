using System.Collections.Concurrent;
using EShop.TestSupport;

namespace EShop.Payments.Tests.Telemetry;

/// <summary>A collector stand-in on loopback: keeps the body of every OTLP/HTTP export it receives, by path.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private LoopbackStub _stub = null!;

    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    public Uri BaseAddress => _stub.BaseAddress;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._stub = await LoopbackStub.StartAsync(async (_, context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Exports.Enqueue((context.Request.Path.Value ?? "", body.ToArray()));
        });
        return receiver;
    }

    public ValueTask DisposeAsync() => _stub.DisposeAsync();
}
