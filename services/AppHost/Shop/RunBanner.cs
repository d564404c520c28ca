namespace EShop.AppHost.Shop;

/// <summary>What the run prints once the edge is healthy: where the shop and the dashboard are, and what to try first.</summary>
public static class RunBanner
{
    public static string Render(string edgeUrl, string? dashboardLoginUrl) => $$"""

        EShop is running at {{edgeUrl}}
          dashboard (logs, traces, metrics): {{dashboardLoginUrl ?? "off"}}
          curl -s '{{edgeUrl}}/api/v1/products?limit=3'
          curl -s -X POST {{edgeUrl}}/api/v1/signup -H 'Content-Type: application/json' -d '{"email":"ann@example.com","password":"correct horse battery"}'
          curl -s -X POST {{edgeUrl}}/api/v1/login  -H 'Content-Type: application/json' -d '{"email":"ann@example.com","password":"correct horse battery"}'
        Press Ctrl-C to stop (the throwaway database is removed).

        """;
}
