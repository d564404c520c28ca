using System.Diagnostics;
using EShop.Reliability.Stack;

namespace EShop.Reliability.Checks;

/// <summary>Readiness of every replica, and which processes have died.</summary>
public static class StackHealth
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Polls every replica's /readyz until all answer 200; the time it took, or null if they did not within the timeout.</summary>
    public static async Task<TimeSpan?> WaitAllReadyAsync(LocalStack stack, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var ready = await Task.WhenAll(AllReplicas(stack).Select(r => IsReadyAsync(r.Replica)));
            if (ready.All(r => r)) return clock.Elapsed;
            await Task.Delay(100);
        }
        return null;
    }

    public static async Task<bool> IsReadyAsync(Replica replica)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(replica.Url, "/readyz"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public static IReadOnlyList<string> Exited(LocalStack stack) =>
        AllReplicas(stack).Where(r => r.Replica.Process.HasExited).Select(r => r.Replica.Process.Name).ToList();

    public static IEnumerable<(string Service, int Index, Replica Replica)> AllReplicas(LocalStack stack) =>
        stack.Replicas.SelectMany(s => s.Value.Select((replica, index) => (s.Key, index, replica))).ToList();

    public static Check NoneExited(LocalStack stack)
    {
        var exited = Exited(stack);
        return Check.That("no process crashed", exited.Count == 0, exited.Count == 0 ? "every replica is running" : "exited: " + string.Join(", ", exited));
    }
}
