using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace EShop.Gateway.Canary;

/// <summary>Every proxied answer names the replica group that gave it (X-Replica-Group: stable|canary), from the
/// destination's metadata, so a client or a test can see the split.</summary>
public static class ReplicaGroupHeader
{
    public static void Add(TransformBuilderContext context) => context.AddResponseTransform(transform =>
    {
        if (transform.HttpContext.GetReverseProxyFeature().ProxiedDestination is { } destination)
            transform.HttpContext.Response.Headers[ReplicaGroup.Header] =
                destination.Model.Config.Metadata?.GetValueOrDefault(ReplicaGroup.MetadataKey) ?? ReplicaGroup.Stable;
        return ValueTask.CompletedTask;
    });
}
