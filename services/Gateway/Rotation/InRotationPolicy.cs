using System.Collections.Concurrent;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace EShop.Gateway.Rotation;

/// <summary>Replicas taken out of rotation before they are stopped, as Kubernetes removes a terminating pod's endpoint
/// before its SIGTERM. A replica leaves the set by itself once the health probe has seen it down, so it rejoins when
/// its restart is ready.</summary>
public sealed class OutOfRotation
{
    private readonly ConcurrentDictionary<string, byte> _addresses = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string address) => _addresses[Normalise(address)] = 0;
    public void Remove(string address) => _addresses.TryRemove(Normalise(address), out _);
    public bool Contains(string address) => _addresses.ContainsKey(Normalise(address));
    public IReadOnlyCollection<string> Addresses => [.. _addresses.Keys];

    private static string Normalise(string address) => address.TrimEnd('/');
}

/// <summary>Healthy (or not yet probed) replicas that are not out of rotation; when none is left, every replica that is
/// not out of rotation (an answer from a struggling replica beats a certain 503).</summary>
public sealed class InRotationPolicy(OutOfRotation outOfRotation) : IAvailableDestinationsPolicy
{
    public const string Name = "InRotation";

    string IAvailableDestinationsPolicy.Name => Name;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(ClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        var inRotation = new List<DestinationState>(allDestinations.Count);
        foreach (var destination in allDestinations)
        {
            var address = destination.Model.Config.Address;
            if (!outOfRotation.Contains(address)) inRotation.Add(destination);
            else if (destination.Health.Active == DestinationHealth.Unhealthy) outOfRotation.Remove(address); // it is down now: health decides
        }
        var healthy = inRotation.Where(d => d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy).ToList();
        return healthy.Count > 0 ? healthy : inRotation;
    }
}
