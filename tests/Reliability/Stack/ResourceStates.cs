using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;

namespace EShop.Reliability.Stack;

/// <summary>The latest state and process id of every resource, kept from the app host's notifications.</summary>
public sealed class ResourceStates
{
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _latest = new();

    public async Task WatchAsync(ResourceNotificationService notifications, CancellationToken ct)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(ct)) _latest[update.Resource.Name] = update.Snapshot;
        }
        catch (OperationCanceledException) { }
    }

    public string? State(string name) => _latest.TryGetValue(name, out var s) ? s.State?.Text : null;

    public int? Pid(string name) => _latest.TryGetValue(name, out var s)
        && s.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), out var pid) ? pid : null;
}
