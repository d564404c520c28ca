import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Settings } from "../../stacks";
import { PlanRun, Registration, runStack } from "../../infra/plan/run";
import { reveal } from "../../infra/plan/secrets";
import { shortUrn } from "../../infra/plan/render";
import { COLLECTOR_POD_LABELS, OTLP_GRPC_PORT, collectorEndpoint } from "../../infra/telemetry/endpoint";
import { KubeObject, kubernetesObjects, modelFor, ofKind, selects } from "./k8s-objects";
import { StackName, stackSettings } from "./stack-config";

/**
 * The cluster's telemetry (infra/telemetry) for one stack under mocks: the collector and Fluent Bit releases,
 * their Pod Identity roles and trust, the containers' log group and its retention, the pods' OTEL_* settings
 * and the egress that lets them reach the collector.
 */
export function describeTelemetry(stack: StackName): void {
  describe(`telemetry of stack ${stack}`, () => {
    let run: PlanRun;
    let settings: Settings;
    let objects: KubeObject[];
    const registered = (type: string) =>
      run.registrations
        .filter((r) => r.type === type && r.parent.includes("eshop:telemetry:Telemetry"))
        .map((r) => ({ ...r, inputs: reveal(r.inputs) as Record<string, any> }));
    const release = (chart: string) => {
      const found = registered("kubernetes:helm.sh/v3:Release").filter((r) => r.inputs.chart === chart);
      assert.equal(found.length, 1, `one ${chart} release`);
      return found[0];
    };
    const dependsOn = (registration: Registration, type: string, name: string) =>
      registration.dependencies.some((urn) => shortUrn(urn) === `${type}::${name}`);

    before(async () => {
      settings = stackSettings(stack);
      run = await runStack(stack);
      objects = kubernetesObjects(run);
    });

    it("is enabled in the stack, so the rest of this suite checks something", () => assert.equal(settings.telemetry.enabled, true));

    it("runs an OpenTelemetry Collector that receives OTLP and exports traces to X-Ray only", () => {
      const collector = release("opentelemetry-collector");
      assert.equal(collector.inputs.version, settings.telemetry.collectorChartVersion);
      assert.equal(collector.inputs.namespace, settings.telemetry.namespace);
      const values = collector.inputs.values;
      assert.equal(values.mode, "deployment");
      assert.equal(values.replicaCount, settings.telemetry.collectorReplicas);
      assert.match(values.image.repository, /opentelemetry-collector-contrib$/, "awsxray is a contrib exporter");
      assert.match(values.config.receivers.otlp.protocols.grpc.endpoint, new RegExp(`:${OTLP_GRPC_PORT}$`));
      assert.deepEqual(values.config.exporters, { awsxray: { region: settings.region } });
      assert.deepEqual(values.config.service.pipelines.traces, {
        receivers: ["otlp"],
        processors: ["memory_limiter", "batch"],
        exporters: ["awsxray"],
      });
      assert.equal(values.config.service.pipelines.metrics, null, "metrics stay on the Prometheus scrape");
      assert.equal(values.config.service.pipelines.logs, null, "logs go through Fluent Bit");
    });

    it("ships container logs to one CloudWatch Logs group whose retention is the stack's", () => {
      const [group] = registered("aws:cloudwatch/logGroup:LogGroup");
      assert.equal(group.inputs.retentionInDays, settings.telemetry.logRetentionDays);
      assert.equal(group.inputs.name, `/aws/eks/eshop-${stack}/containers`);
      const fluentBit = release("aws-for-fluent-bit");
      assert.equal(fluentBit.inputs.version, settings.telemetry.fluentBitChartVersion);
      const logs = fluentBit.inputs.values.cloudWatchLogs;
      assert.equal(logs.enabled, true);
      assert.equal(logs.logGroupName, group.inputs.name);
      assert.equal(logs.autoCreateGroup, false, "a group Fluent Bit creates has no retention");
      assert.equal(logs.logGroupTemplate, null, "per-namespace groups would be created without retention");
      assert.ok(dependsOn(fluentBit, "aws:cloudwatch/logGroup:LogGroup", group.name), "the group exists before Fluent Bit writes");
    });

    it("gives the collector and Fluent Bit a Pod Identity role each, trusted only for this account, cluster and service account", () => {
      const associations = registered("aws:eks/podIdentityAssociation:PodIdentityAssociation");
      assert.deepEqual(associations.map((a) => `${a.inputs.namespace}/${a.inputs.serviceAccount}`).sort(), [
        `${settings.telemetry.namespace}/fluent-bit`,
        `${settings.telemetry.namespace}/otel-collector`,
      ]);
      assert.equal(new Set(associations.map((a) => a.inputs.roleArn)).size, 2, "one role each");
      const roles = registered("aws:iam/role:Role");
      assert.equal(roles.length, 2);
      for (const association of associations) {
        const role = roles.find((r) => association.inputs.roleArn.endsWith(r.name))!;
        const [statement] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
        assert.equal(statement.Principal.Service, "pods.eks.amazonaws.com");
        assert.match(statement.Condition.StringEquals["aws:SourceAccount"], /^\d{12}$/);
        assert.match(statement.Condition.ArnEquals["aws:SourceArn"], /^arn:aws:eks:/);
        assert.equal(statement.Condition.StringEquals["aws:RequestTag/eks-cluster-name"], `eshop-${stack}`);
        assert.equal(statement.Condition.StringEquals["aws:RequestTag/kubernetes-namespace"], association.inputs.namespace);
        assert.equal(statement.Condition.StringEquals["aws:RequestTag/kubernetes-service-account"], association.inputs.serviceAccount);
      }
      const chartFor = { "otel-collector": "opentelemetry-collector", "fluent-bit": "aws-for-fluent-bit" } as Record<string, string>;
      for (const association of associations) {
        const chart = release(chartFor[association.inputs.serviceAccount]);
        assert.equal(
          chart.inputs.values.serviceAccount.name,
          association.inputs.serviceAccount,
          "the release runs as the associated service account",
        );
        assert.ok(
          dependsOn(chart, "aws:eks/podIdentityAssociation:PodIdentityAssociation", association.name),
          "credentials exist before its pods start",
        );
      }
    });

    it("grants the collector only X-Ray and Fluent Bit only its own log group", () => {
      const policies = Object.fromEntries(
        registered("aws:iam/rolePolicy:RolePolicy").map((p) => [p.name, JSON.parse(p.inputs.policy).Statement]),
      );
      const collector = policies["telemetry-collector"];
      assert.ok(collector.every((s: any) => s.Action.every((a: string) => a.startsWith("xray:"))));
      const writes = policies["telemetry-fluent-bit"].find((s: any) => s.Action.includes("logs:PutLogEvents"));
      const [group] = registered("aws:cloudwatch/logGroup:LogGroup");
      assert.ok(
        writes.Resource.every((arn: string) => arn.startsWith(`arn:aws:cloudwatch:${settings.region}:`) && arn.includes(group.name)),
        JSON.stringify(writes.Resource),
      );
    });

    it("points every service's OTEL_* settings at the collector", () => {
      const configMaps = ofKind(objects, "ConfigMap").filter((c) => c.metadata.namespace === settings.namespace);
      for (const service of settings.catalog.services) {
        const config = configMaps.find(
          (c) => c.metadata.name === service.name || c.metadata.labels?.["app.kubernetes.io/name"] === service.name,
        );
        assert.ok(config, `ConfigMap of ${service.name}`);
        assert.equal(config.data.OTEL_EXPORTER_OTLP_ENDPOINT, collectorEndpoint(settings.telemetry));
        assert.equal(config.data.OTEL_EXPORTER_OTLP_PROTOCOL, "grpc");
        assert.equal(config.data.OTEL_SERVICE_NAME, service.name);
        assert.match(config.data.OTEL_RESOURCE_ATTRIBUTES, new RegExp(`deployment\\.environment\\.name=${stack}`));
      }
      assert.equal(
        collectorEndpoint(settings.telemetry),
        `http://otel-collector.${settings.telemetry.namespace}.svc.cluster.local:${OTLP_GRPC_PORT}`,
      );
    });

    it("lets the shop's pods (denied all egress by default) reach the collector's OTLP port and nothing more", () => {
      const policy = ofKind(objects, "NetworkPolicy").find((p) => p.metadata.name === "allow-otlp-to-collector");
      assert.ok(policy);
      assert.equal(policy.metadata.namespace, settings.namespace);
      assert.deepEqual(policy.spec.policyTypes, ["Egress"]);
      const [rule] = policy.spec.egress;
      assert.deepEqual(rule.ports, [{ protocol: "TCP", port: OTLP_GRPC_PORT }]);
      assert.equal(rule.to[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"], settings.telemetry.namespace);
      assert.ok(selects(rule.to[0].podSelector, COLLECTOR_POD_LABELS));
    });

    it("validates the telemetry namespace and the egress policy against the Kubernetes OpenAPI schema", async () => {
      const mine = objects.filter((o) => o.registration.parent.includes("eshop:telemetry:Telemetry"));
      assert.deepEqual(mine.map((o) => o.kind).sort(), ["Namespace", "NetworkPolicy"]);
      for (const object of mine) {
        const Model = (await modelFor(object.apiVersion, object.kind))!;
        const { registration: _, ...manifest } = object;
        assert.doesNotThrow(() => new Model(manifest).validate(), `${object.kind} ${object.metadata.name}`);
      }
      const broken = {
        ...mine.find((o) => o.kind === "NetworkPolicy")!,
        spec: { podSelector: {}, egress: [{ ports: [{ port: "not-a-port-4317", protocol: 6 }] }] },
      };
      const { registration: _, ...manifest } = broken;
      const Model = (await modelFor("networking.k8s.io/v1", "NetworkPolicy"))!;
      assert.throws(() => new Model(manifest).validate());
    });
  });
}
