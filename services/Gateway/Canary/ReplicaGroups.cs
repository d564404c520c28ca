using System.Collections.Concurrent;

namespace EShop.Gateway.Canary;

/// <summary>The canary weight (percent of requests, 0-100) of each service that has a canary replica group, changed at
/// run time by the admin API; 0 is an abort: the canary gets nothing.</summary>
public sealed class CanaryWeights
{
    private readonly ConcurrentDictionary<string, int> _weights = new(StringComparer.Ordinal);

    public CanaryWeights(IEnumerable<KeyValuePair<string, int>> initial)
    {
        foreach (var (service, weight) in initial) _weights[service] = weight;
    }

    public IReadOnlyDictionary<string, int> All => new Dictionary<string, int>(_weights);
    public bool HasCanary(string service) => _weights.ContainsKey(service);
    public int Of(string service) => _weights.GetValueOrDefault(service);

    /// <summary>False when the service has no canary group.</summary>
    public bool TrySet(string service, int weight)
    {
        if (!_weights.ContainsKey(service)) return false;
        _weights[service] = weight;
        return true;
    }
}

/// <summary>The destination metadata that names a replica's group, and the response header that reports it.</summary>
public static class ReplicaGroup
{
    public const string MetadataKey = "ReplicaGroup";
    public const string Header = "X-Replica-Group";
    public const string Stable = "stable";
    public const string Canary = "canary";
}
