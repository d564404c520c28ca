using System.Collections.Concurrent;
using EShop.DbServiceClient;
using Microsoft.Extensions.DependencyInjection;

namespace EShop.Payments.Tests.Support;

/// <summary>Records every request payment-service's db-service client sends (method and path), from a handler added
/// after the client's resilience handler: what goes over the wire, each retry included.</summary>
public sealed class DbCallCounter
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Adds a counter to the service's <see cref="DbClient"/>.</summary>
    public static Action<IServiceCollection> On(DbCallCounter counter) =>
        services => services.AddHttpClient<DbClient>().AddHttpMessageHandler(() => new Forwarding(counter));

    /// <summary>The calls made while <paramref name="action"/> ran.</summary>
    public async Task<IReadOnlyList<string>> DuringAsync(Func<Task> action)
    {
        var before = _calls.Count;
        await action();
        return Calls.Skip(before).ToArray();
    }

    private void Record(HttpRequestMessage request) => _calls.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");

    // The factory builds a handler per pipeline (and may rebuild it): each forwards to the one counter.
    private sealed class Forwarding(DbCallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Record(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
