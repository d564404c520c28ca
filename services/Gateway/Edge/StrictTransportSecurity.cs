namespace EShop.Gateway.Edge;

/// <summary>HSTS at the edge, as production's load balancer sends it. Only on HTTPS answers (RFC 6797 §7.2 forbids it
/// over plain HTTP), so the local HTTP edge sends it only when it listens on an https:// URL.</summary>
public static class StrictTransportSecurity
{
    public static void AddEdgeHsts(this IServiceCollection services) => services.AddHsts(o =>
    {
        o.MaxAge = TimeSpan.FromDays(365);
        o.IncludeSubDomains = true;
        o.ExcludedHosts.Clear(); // the default excludes localhost, which is the only host of the local edge
    });
}
