using System.ComponentModel.DataAnnotations;

namespace EShop.Gateway.Routing;

/// <summary>The gateway's settings (section <c>Gateway</c>, e.g. env <c>Gateway__Clusters__user-service__0=http://127.0.0.1:5001</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary><c>edge</c>: the catalog's public routes, everything else 404. <c>internal</c>: every path to <see cref="Service"/>'s
    /// replicas (what a Kubernetes Service gives callers inside the cluster).</summary>
    [Required, RegularExpression("^(edge|internal)$")]
    public string Mode { get; set; } = "edge";

    /// <summary>For <c>internal</c> mode: the one service balanced.</summary>
    public string? Service { get; set; }

    /// <summary>services/catalog.json; found above the working directory when empty.</summary>
    public string? Catalog { get; set; }

    /// <summary>Each service's replica addresses.</summary>
    public Dictionary<string, List<string>> Clusters { get; set; } = [];

    /// <summary>Services with a canary replica group beside <see cref="Clusters"/> (their stable group), and its share.</summary>
    public Dictionary<string, CanaryGroupOptions> Canaries { get; set; } = [];

    /// <summary>Guards the admin API, rotation and canary (header X-Gateway-Admin-Token, see Admin/AdminToken.cs);
    /// it is closed when empty.</summary>
    public string? AdminToken { get; set; }

    [Range(1024, 10 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Longest time (s) the edge keeps a public GET the origin lets shared caches store; 0: no edge cache.</summary>
    [Range(0, 300)]
    public int MicroCacheSeconds { get; set; } = 5;
}

/// <summary>A canary replica group: its addresses and the percent of the service's requests it gets (0: none, an abort).</summary>
public sealed class CanaryGroupOptions
{
    public List<string> Addresses { get; set; } = [];
    public int Weight { get; set; }
}
