using System.Text;
using EShop.DevEnvironment.Catalog;

namespace EShop.DevEnvironment.Gateway;

/// <summary>Renders the local edge gateway's nginx.conf from the service catalog: exactly the public
/// routes (exact path and method) go to their service's replicas, everything else is a 404 problem.
/// The same rule set the production load balancer gets from the same catalog.</summary>
public static class NginxGatewayConfig
{
    public static string Render(ServiceCatalog catalog, int listenPort, IReadOnlyDictionary<string, IReadOnlyList<Uri>> replicas,
        string workDir, long maxBodyBytes = 64 * 1024, bool runWorkersAsRoot = false, IReadOnlySet<Uri>? outOfRotation = null)
    {
        var conf = new StringBuilder();
        conf.Append(Preamble(workDir, runWorkersAsRoot, workers: 2));
        conf.AppendLine($$"""
              access_log {{workDir}}/access.log;
              client_max_body_size {{maxBodyBytes}};
              # Request line and each header at most 8 KiB, as Kestrel behind it: nginx refuses first, as a problem.
              large_client_header_buffers 4 8k;
              # Keep a caller's well-formed request id, otherwise make one; services log and propagate it.
              map $http_x_request_id $eshop_request_id {
                default $request_id;
                "~^[A-Za-z0-9._:-]{1,128}$" $http_x_request_id;
              }
            """);
        foreach (var (service, addresses) in replicas.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            conf.AppendLine($"  upstream {service} {{");
            foreach (var address in addresses) conf.AppendLine(ServerLine(address, outOfRotation));
            conf.AppendLine("    keepalive 64;");
            conf.AppendLine("  }");
        }
        conf.AppendLine($$"""
              server {
                listen 127.0.0.1:{{listenPort}};
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $host;
                proxy_set_header X-Request-Id $eshop_request_id;
                proxy_set_header X-Forwarded-For $remote_addr;
                proxy_set_header X-Forwarded-Proto $scheme;
                proxy_connect_timeout 2s;
                proxy_read_timeout 30s;
                # A dead replica is skipped; nginx never retries non-idempotent methods (POST) here.
                # A service's own 503 (a dependency is down) is passed through, not counted against the
                # replica: counting it would mark every replica down and turn the 503 into nginx's 502.
                proxy_next_upstream error timeout http_502;
                proxy_next_upstream_tries 2;
                proxy_intercept_errors off;

                location = /healthz { default_type application/json; return 200 '{"status":"Healthy"}'; }
            """);
        foreach (var (service, route) in catalog.PublicRoutes)
            conf.AppendLine($$"""
                    location = {{route.Path}} {
                      limit_except {{route.Method}} { deny all; }
                      proxy_pass http://{{service.Name}};
                    }
                """);
        conf.AppendLine("""
                location / {
                  default_type application/problem+json;
                  return 404 '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404}';
                }
                # limit_except answers 403 for another method: that is a 405 here.
                error_page 403 =405 /_problems/405;
            """);
        // The answers nginx makes itself are problem+json too (a service's own errors pass through untouched).
        // URI targets, not named locations: nginx cannot redirect a request line it failed to parse to a named one.
        foreach (var (status, title) in GatewayProblems)
        {
            var reported = status == 494 ? 431 : status; // 494 is nginx's internal code for "request header too large"
            conf.AppendLine($$"""
                    error_page {{status}} ={{reported}} /_problems/{{reported}};
                    location = /_problems/{{reported}} {
                      internal;
                      default_type application/problem+json;
                      return {{reported}} '{"title":"{{title}}","status":{{reported}}}';
                    }
                """);
        }
        conf.AppendLine("  }\n}");
        return conf.ToString();
    }

    // "down": taken out of rotation before it stops, as Kubernetes removes a terminating pod's endpoint.
    private static string ServerLine(Uri replica, IReadOnlySet<Uri>? outOfRotation) =>
        $"    server {replica.Host}:{replica.Port} max_fails=1 fail_timeout=2s{(outOfRotation?.Contains(replica) == true ? " down" : "")};";

    private static readonly (int Status, string Title)[] GatewayProblems =
    [
        (400, "Bad Request"), (405, "Method Not Allowed"), (413, "Content Too Large"), (414, "URI Too Long"),
        (494, "Request Header Fields Too Large"), (502, "Bad Gateway"), (503, "Service Unavailable"), (504, "Gateway Timeout"),
    ];

    private static string Preamble(string workDir, bool runWorkersAsRoot, int workers) => $$"""
        # generated from services/catalog.json by EShop.DevEnvironment; do not edit
        {{(runWorkersAsRoot ? "user root;" : "")}}
        worker_processes {{workers}};
        daemon off;
        pid {{workDir}}/nginx.pid;
        error_log {{workDir}}/error.log warn;
        events { worker_connections 4096; }
        http {
          client_body_temp_path {{workDir}}/client_body;
          proxy_temp_path {{workDir}}/proxy;
          fastcgi_temp_path {{workDir}}/fastcgi;
          uwsgi_temp_path {{workDir}}/uwsgi;
          scgi_temp_path {{workDir}}/scgi;
          server_tokens off;

        """;

    /// <summary>A plain round-robin balancer in front of one service's replicas (what a Kubernetes
    /// Service gives callers inside the cluster).</summary>
    public static string RenderInternalBalancer(string service, int listenPort, IReadOnlyList<Uri> replicas, string workDir, bool runWorkersAsRoot,
        IReadOnlySet<Uri>? outOfRotation = null)
    {
        var servers = string.Join("\n", replicas.Select(r => ServerLine(r, outOfRotation)));
        return Preamble(workDir, runWorkersAsRoot, workers: 1) + $$"""
              access_log off;
              upstream {{service}} {
            {{servers}}
                keepalive 64;
              }
              server {
                listen 127.0.0.1:{{listenPort}};
                client_max_body_size 1m;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $host;
                proxy_next_upstream error timeout http_502 http_503;
                proxy_next_upstream_tries 2;
                location / { proxy_pass http://{{service}}; }
              }
            }
            """;
    }
}
