/** Key of the alert receiver's webhook URL in its Secret. */
export const ALERT_WEBHOOK_KEY = "webhook-url";

/**
 * Alertmanager's configuration: every alert goes to one Slack-compatible incoming webhook (Slack,
 * or a bridge to PagerDuty/Opsgenie/Teams), read from a file of the mounted Secret so the URL never
 * sits in the Helm values or the plan; the chart's always-firing Watchdog and the informational
 * InfoInhibitor go nowhere.
 */
export function alertmanagerConfig(secretName: string): Record<string, unknown> {
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: "on-call",
      group_by: ["alertname", "namespace", "service"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [{ receiver: "null", matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] }],
    },
    receivers: [
      { name: "null" },
      {
        name: "on-call",
        slack_configs: [
          {
            api_url_file: `/etc/alertmanager/secrets/${secretName}/${ALERT_WEBHOOK_KEY}`,
            send_resolved: true,
            title: "{{ .CommonLabels.alertname }} ({{ .Status }})",
            text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}",
          },
        ],
      },
    ],
  };
}
