using System.Collections.Concurrent;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace EShop.Gateway.Canary;

/// <summary>A deterministic weighted round robin between a cluster's stable and canary replica groups: request n (counted
/// per cluster) goes to the canary when floor((n+1)·w/100) &gt; floor(n·w/100), so any 100 consecutive requests send
/// exactly w to the canary, spread evenly rather than in bursts. Within a group, plain round robin. A group with no
/// available replica falls back to the other one, except that weight 0 (an abort) never reaches the canary.</summary>
public sealed class WeightedReplicaGroupsPolicy(CanaryWeights weights) : ILoadBalancingPolicy
{
    public const string Name = "WeightedReplicaGroups";
    private readonly ConcurrentDictionary<string, Counters> _counters = new(StringComparer.Ordinal);

    string ILoadBalancingPolicy.Name => Name;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var counters = _counters.GetOrAdd(cluster.ClusterId, _ => new Counters());
        var weight = weights.Of(cluster.ClusterId);
        var n = Interlocked.Increment(ref counters.Requests) - 1;
        var toCanary = (n + 1) * weight / 100 > n * weight / 100;
        var stable = InGroup(availableDestinations, ReplicaGroup.Stable);
        var canary = weight > 0 ? InGroup(availableDestinations, ReplicaGroup.Canary) : [];
        var useCanary = toCanary ? canary.Count > 0 : stable.Count == 0 && canary.Count > 0;
        var group = useCanary ? canary : stable;
        if (group.Count == 0) return null;
        var next = (useCanary ? Interlocked.Increment(ref counters.Canary) : Interlocked.Increment(ref counters.Stable)) - 1;
        return group[(int)(next % group.Count)];
    }

    private static List<DestinationState> InGroup(IReadOnlyList<DestinationState> destinations, string group) =>
        destinations.Where(d => (d.Model.Config.Metadata?.GetValueOrDefault(ReplicaGroup.MetadataKey) ?? ReplicaGroup.Stable) == group).ToList();

    private sealed class Counters
    {
        public long Requests;
        public long Stable;
        public long Canary;
    }
}
