import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TelemetrySettings } from "../../stacks";
import { COLLECTOR_NAME, COLLECTOR_POD_LABELS, OTLP_GRPC_PORT } from "./endpoint";
import { chartRelease } from "../cluster/helm";
import { podIdentityAssociation } from "../iam";
import { PART_OF, PRIVILEGED_NAMESPACE_LABELS, namespacedPods } from "../workloads/labels";

export interface TelemetryArgs {
  settings: TelemetrySettings;
  region: string;
  clusterName: pulumi.Input<string>;
  clusterArn: pulumi.Input<string>;
  /** The shop's namespace, when the shop is deployed: its pods get egress to the collector's OTLP port. */
  shopNamespace?: pulumi.Input<string>;
  /** What must exist before anything runs on the cluster (access entries, nodes, CoreDNS): the cluster's readyForWorkloads. */
  readyForWorkloads: pulumi.Resource[];
}

const COLLECTOR_SERVICE_ACCOUNT = COLLECTOR_NAME;
const FLUENT_BIT_SERVICE_ACCOUNT = "fluent-bit";

/**
 * The cluster's telemetry pipeline in its own namespace: an OpenTelemetry Collector that receives the pods'
 * OTLP traces and exports them to AWS X-Ray, and Fluent Bit on every node shipping container logs to one
 * CloudWatch Logs group whose retention this stack owns. Each has its own Pod Identity role.
 */
export class Telemetry extends pulumi.ComponentResource {
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: TelemetryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("eshop:telemetry:Telemetry", name, {}, opts);
    const { settings } = args;
    const parent = { parent: this };

    const namespace = new k8s.core.v1.Namespace(
      name,
      {
        // Fluent Bit reads the nodes' /var/log, which only "privileged" admits; nothing of the shop runs here.
        metadata: { name: settings.namespace, labels: PRIVILEGED_NAMESPACE_LABELS },
      },
      { parent: this, dependsOn: args.readyForWorkloads },
    );

    // Created before Fluent Bit starts (it never creates groups), so the retention is always ours.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-containers`,
      {
        name: pulumi.interpolate`/aws/eks/${args.clusterName}/containers`,
        retentionInDays: settings.logRetentionDays,
      },
      parent,
    );
    this.logGroupName = logGroup.name;

    const collectorAccess = this.podIdentity(
      `${name}-collector`,
      args,
      COLLECTOR_SERVICE_ACCOUNT,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: [
              "xray:PutTraceSegments",
              "xray:PutTelemetryRecords",
              "xray:GetSamplingRules",
              "xray:GetSamplingTargets",
              "xray:GetSamplingStatisticSummaries",
            ],
            Resource: "*",
          },
        ],
      }),
    );
    const fluentBitAccess = this.podIdentity(
      `${name}-fluent-bit`,
      args,
      FLUENT_BIT_SERVICE_ACCOUNT,
      logGroup.arn.apply((arn) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [arn, `${arn}:*`],
            },
            { Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
          ],
        }),
      ),
    );

    chartRelease(
      `${name}-collector`,
      {
        name: COLLECTOR_NAME,
        chart: "opentelemetry-collector",
        version: settings.collectorChartVersion,
        repo: "https://open-telemetry.github.io/opentelemetry-helm-charts",
        namespace: namespace.metadata.name,
        values: collectorValues(settings, args.region),
      },
      { parent: this, dependsOn: [...args.readyForWorkloads, collectorAccess] },
    );

    chartRelease(
      `${name}-fluent-bit`,
      {
        name: FLUENT_BIT_SERVICE_ACCOUNT,
        chart: "aws-for-fluent-bit",
        version: settings.fluentBitChartVersion,
        repo: "https://aws.github.io/eks-charts",
        namespace: namespace.metadata.name,
        values: {
          serviceAccount: { create: true, name: FLUENT_BIT_SERVICE_ACCOUNT },
          cloudWatchLogs: {
            enabled: true,
            region: args.region,
            logGroupName: logGroup.name,
            // One group for every container (a group per namespace would be created without our retention).
            logGroupTemplate: null,
            logStreamPrefix: "",
            logStreamTemplate: "$kubernetes['namespace_name'].$kubernetes['pod_name'].$kubernetes['container_name']",
            autoCreateGroup: false,
          },
          cloudWatch: { enabled: false },
          firehose: { enabled: false },
          kinesis: { enabled: false },
          elasticsearch: { enabled: false },
        },
      },
      { parent: this, dependsOn: [...args.readyForWorkloads, fluentBitAccess, logGroup] },
    );

    // The shop's namespace denies all egress by default: its pods may reach the collector's OTLP port only.
    if (args.shopNamespace)
      new k8s.networking.v1.NetworkPolicy(
        `${name}-otlp-egress`,
        {
          metadata: { name: "allow-otlp-to-collector", namespace: args.shopNamespace, labels: PART_OF },
          spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
              {
                to: [namespacedPods(settings.namespace, COLLECTOR_POD_LABELS)],
                ports: [{ protocol: "TCP", port: OTLP_GRPC_PORT }],
              },
            ],
          },
        },
        parent,
      );

    this.registerOutputs({ logGroupName: this.logGroupName });
  }

  /** A role of its own for one service account, trusted only through Pod Identity of this cluster and account. */
  private podIdentity(
    name: string,
    args: TelemetryArgs,
    serviceAccount: string,
    policy: pulumi.Input<string>,
  ): aws.eks.PodIdentityAssociation {
    const subject = { clusterArn: args.clusterArn, clusterName: args.clusterName, namespace: args.settings.namespace, serviceAccount };
    return podIdentityAssociation(name, { ...subject, policy }, { parent: this });
  }
}

/** The collector: OTLP in (gRPC and HTTP), traces out to X-Ray; the chart's other receivers and pipelines removed. */
function collectorValues(settings: TelemetrySettings, region: string): Record<string, unknown> {
  return {
    mode: "deployment",
    fullnameOverride: COLLECTOR_NAME,
    replicaCount: settings.collectorReplicas,
    image: { repository: "otel/opentelemetry-collector-contrib" },
    serviceAccount: { create: true, name: COLLECTOR_SERVICE_ACCOUNT },
    ports: {
      "jaeger-compact": { enabled: false },
      "jaeger-thrift": { enabled: false },
      "jaeger-grpc": { enabled: false },
      zipkin: { enabled: false },
    },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    config: {
      receivers: {
        jaeger: null,
        zipkin: null,
        prometheus: null,
        otlp: { protocols: { grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_GRPC_PORT}` }, http: { endpoint: "${env:MY_POD_IP}:4318" } } },
      },
      processors: { batch: {}, memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 25 } },
      exporters: { awsxray: { region } },
      service: {
        pipelines: {
          traces: { receivers: ["otlp"], processors: ["memory_limiter", "batch"], exporters: ["awsxray"] },
          metrics: null,
          logs: null,
        },
      },
    },
  };
}
