import type { Catalog } from "../../stacks";

const REQUESTS = "http_server_request_duration_seconds";

interface Panel {
  title: string;
  expr: string;
  unit: string;
}

/** The services' Grafana dashboard (JSON model), one row of panels per catalog service. */
export function servicesDashboard(namespace: string, catalog: Catalog): object {
  const panels = catalog.services.flatMap((service, row) => {
    const selector = `namespace="${namespace}",service="${service.name}"`;
    const specs: Panel[] = [
      {
        title: `${service.name}: requests/s by route`,
        expr: `sum by (http_route) (rate(${REQUESTS}_count{${selector}}[5m]))`,
        unit: "reqps",
      },
      {
        title: `${service.name}: 5xx %`,
        expr: `100 * sum(rate(${REQUESTS}_count{${selector},http_response_status_code=~"5.."}[5m])) / sum(rate(${REQUESTS}_count{${selector}}[5m]))`,
        unit: "percent",
      },
      {
        title: `${service.name}: p99 latency`,
        expr: `histogram_quantile(0.99, sum by (le) (rate(${REQUESTS}_bucket{${selector}}[5m])))`,
        unit: "s",
      },
      {
        title: `${service.name}: replicas`,
        expr: `kube_deployment_status_replicas_available{namespace="${namespace}",deployment="${service.name}"}`,
        unit: "short",
      },
    ];
    return specs.map((spec, column) => ({
      id: row * specs.length + column + 1,
      type: "timeseries",
      title: spec.title,
      datasource: { type: "prometheus", uid: "prometheus" },
      gridPos: { h: 8, w: 6, x: column * 6, y: row * 8 },
      fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
      targets: [{ refId: "A", expr: spec.expr, datasource: { type: "prometheus", uid: "prometheus" } }],
    }));
  });
  return {
    uid: "eshop-services",
    title: "EShop services",
    tags: ["eshop"],
    timezone: "browser",
    refresh: "30s",
    schemaVersion: 39,
    time: { from: "now-3h", to: "now" },
    panels,
  };
}
