using EShop.Catalog;
using EShop.Gateway.Routing;

namespace EShop.Gateway.Canary;

/// <summary>The canary replica groups of the settings (<c>Gateway__Canaries__product-service__Weight=10</c>,
/// <c>Gateway__Canaries__product-service__Addresses__0=http://127.0.0.1:5002</c>), checked at start-up: only a service
/// the edge routes, a weight from 0 to 100, at least one address.</summary>
public static class CanaryGroups
{
    public static IEnumerable<KeyValuePair<string, int>> Weights(ServiceCatalog catalog, GatewayOptions options)
    {
        HashSet<string> routed = options.Mode == "internal" ? [options.Service!] : [.. catalog.PublicRoutes.Select(p => p.Service.Name)];
        foreach (var (service, canary) in options.Canaries)
        {
            var key = $"{GatewayOptions.Section}__Canaries__{service}";
            if (!routed.Contains(service))
                throw new InvalidOperationException($"{key}: {service} is not a service this gateway routes ({string.Join(", ", routed)})");
            if (canary.Weight is < 0 or > 100)
                throw new InvalidOperationException($"{key}__Weight must be a whole number from 0 to 100 (was {canary.Weight})");
            if (canary.Addresses.Count == 0)
                throw new InvalidOperationException($"{key}__Addresses__0 is missing: the canary replica addresses of {service}");
            yield return new(service, canary.Weight);
        }
    }
}
