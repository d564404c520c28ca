import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { PlanRun, runStack } from "../../infra/plan/run";
import { reveal } from "../../infra/plan/secrets";
import { ORIGIN_VERIFY_HEADER } from "../../infra/edge";
import { shortUrn } from "../../infra/plan/render";
import { KubeObject, kubernetesObjects, modelFor, ofKind, selects, targetGroupBindingValidator } from "./k8s-objects";
import { CANARY_DIGEST, REPO_ROOT, stackConfig, withCanary } from "./stack-config";

const SERVICE = "product-service";

/**
 * Runs the dev stack with `eshop:canary: {service: product-service, digest, weight}` under mocks
 * and checks what a canary adds: its Deployment (only above weight 0), Service, target group,
 * TargetGroupBinding (schema-valid), the weighted listener rules and its CloudWatch alarms.
 */
export function describeCanary(weight: number): void {
  describe(`a canary of ${SERVICE} at weight ${weight} (dev)`, () => {
    let run: PlanRun;
    let objects: KubeObject[];
    const aws = (type: string) => run.registrations.filter((r) => r.type === type).map((r) => ({ name: r.name, inputs: reveal(r.inputs) }));

    before(async () => {
      const config = withCanary(stackConfig("dev"), SERVICE, weight);
      run = await runStack("dev", config);
      objects = kubernetesObjects(run);
    });

    it("forwards the service's routes with weights that sum to 100, the canary's being the setting, and every other route unweighted", () => {
      const rules = aws("aws:lb/listenerRule:ListenerRule");
      const groups = aws("aws:lb/targetGroup:TargetGroup");
      const canaryGroup = groups.find((g) => g.name === `shop-edge-${SERVICE}-canary`);
      assert.ok(canaryGroup, "the canary has its own target group");
      assert.ok(canaryGroup.inputs.name.length <= 32);
      const serviceRules = rules.filter((r) => r.name.startsWith(`shop-edge-${SERVICE}-`));
      assert.ok(serviceRules.length > 0);
      for (const rule of serviceRules) {
        const [action] = rule.inputs.actions;
        const targets = action.forward.targetGroups as { arn: string; weight: number }[];
        assert.equal(targets.length, 2, rule.name);
        assert.equal(
          targets.reduce((sum, t) => sum + t.weight, 0),
          100,
          rule.name,
        );
        assert.equal(targets[1].weight, weight, rule.name);
        assert.equal(action.forward.stickiness.enabled, false);
      }
      for (const rule of rules.filter((r) => !serviceRules.includes(r) && r.inputs.actions[0].type === "forward")) {
        assert.equal(rule.inputs.actions[0].forward, undefined, rule.name);
        assert.ok(rule.inputs.actions[0].targetGroupArn, rule.name);
      }
    });

    it("admits to the weighted rules, like every other forward, only requests that carry CloudFront's secret header", () => {
      const rules = aws("aws:lb/listenerRule:ListenerRule");
      const secret = rules.map((r) => r.inputs.conditions.find((c: any) => c.httpHeader)?.httpHeader).find(Boolean);
      assert.equal(secret?.httpHeaderName, ORIGIN_VERIFY_HEADER);
      const weighted = rules.filter((r) => r.inputs.actions[0].forward);
      assert.ok(weighted.length > 0);
      for (const rule of rules.filter((r) => r.inputs.actions[0].type === "forward")) {
        assert.deepEqual(rule.inputs.conditions.find((c: any) => c.httpHeader)?.httpHeader, secret, rule.name);
      }
      const last = Math.max(...rules.map((r) => r.inputs.priority));
      assert.ok(
        weighted.every((r) => r.inputs.priority < last),
        "the catch-all 404 is evaluated after the weighted rules",
      );
    });

    it("binds the canary's own Service, which selects only canary pods, to its target group (schema-valid)", () => {
      const validate = targetGroupBindingValidator();
      const bindings = ofKind(objects, "TargetGroupBinding");
      const canaryBinding = bindings.find((b) => b.metadata.name === `${SERVICE}-canary`);
      assert.ok(canaryBinding, "a TargetGroupBinding for the canary");
      assert.equal(bindings.length, 4, "one per public service plus the canary's");
      for (const { registration: _, ...binding } of bindings)
        assert.ok(validate(binding), `${binding.metadata.name}: ${JSON.stringify(validate.errors)}`);
      assert.equal(canaryBinding.spec.serviceRef.name, `${SERVICE}-canary`);

      const services = ofKind(objects, "Service");
      const stable = services.find((s) => s.metadata.name === SERVICE)!;
      const canary = services.find((s) => s.metadata.name === `${SERVICE}-canary`)!;
      const canaryPodLabels = { "app.kubernetes.io/name": SERVICE, "app.kubernetes.io/component": "canary" };
      assert.ok(selects({ matchLabels: canary.spec.selector }, canaryPodLabels));
      assert.ok(!selects({ matchLabels: stable.spec.selector }, canaryPodLabels), "the stable Service never sends to canary pods");
    });

    it(
      weight > 0
        ? "runs the canary's pods from the stable template with the canary digest, reachable under the network policies"
        : "runs no canary pod at weight 0",
      () => {
        const deployments = ofKind(objects, "Deployment");
        const canary = deployments.find((d) => d.metadata.name === `${SERVICE}-canary`);
        if (weight === 0) {
          assert.equal(canary, undefined);
          return;
        }
        assert.ok(canary, "a canary Deployment");
        const stable = deployments.find((d) => d.metadata.name === SERVICE)!;
        const [stableImage, canaryImage] = [stable, canary].map((d) => d.spec.template.spec.containers[0].image as string);
        assert.ok(canaryImage.endsWith(`@${CANARY_DIGEST}`), canaryImage);
        assert.equal(canaryImage.split("@")[0], stableImage.split("@")[0], "the same repository");
        const strip = (d: KubeObject) => ({
          ...d.spec.template.spec,
          containers: d.spec.template.spec.containers.map((c: any) => ({ ...c, image: undefined })),
          topologySpreadConstraints: undefined,
        });
        assert.deepEqual(strip(canary), strip(stable), "the same pod template apart from the image and the spread selector");
        const labels = canary.spec.template.metadata.labels;
        assert.ok(!selects(stable.spec.selector, labels), "the stable Deployment does not own canary pods");
        const policies = ofKind(objects, "NetworkPolicy");
        assert.ok(
          policies.some((p) => p.metadata.name === `${SERVICE}-ingress` && selects(p.spec.podSelector, labels)),
          "the ingress policy admits the load balancer to canary pods",
        );
        // Calls to db-service go through the mesh's waypoint (docs/mesh.md).
        const waypoint = policies.find((p) => p.metadata.name === "waypoint-ingress")!;
        assert.ok(
          waypoint.spec.ingress.some((rule: any) => rule.from?.some((peer: any) => peer.podSelector && selects(peer.podSelector, labels))),
          "canary pods may call db-service",
        );
      },
    );

    it('scrapes the canary\'s pods through its own Service with track="canary", a ServiceMonitor no stable Service matches (schema-valid)', async () => {
      const monitors = ofKind(objects, "ServiceMonitor");
      const monitor = monitors.find((m) => m.metadata.name === `${SERVICE}-canary`);
      assert.ok(monitor, "a ServiceMonitor for the canary");
      const Model = (await modelFor("monitoring.coreos.com/v1", "ServiceMonitor"))!;
      assert.doesNotThrow(() => new Model({ ...monitor, registration: undefined }).validate());
      const services = ofKind(objects, "Service");
      const matched = services.filter(
        (s) => s.metadata.namespace === monitor.metadata.namespace && selects(monitor.spec.selector, s.metadata.labels ?? {}),
      );
      assert.deepEqual(
        matched.map((s) => s.metadata.name),
        [`${SERVICE}-canary`],
      );
      const stableMonitors = monitors.filter((m) => m !== monitor);
      assert.ok(
        stableMonitors.every((m) => !selects(m.spec.selector, matched[0].metadata.labels!)),
        "no stable monitor scrapes the canary twice",
      );
      const [endpoint] = monitor.spec.endpoints;
      assert.deepEqual([endpoint.port, endpoint.path], ["http", "/metrics"]);
      assert.deepEqual(endpoint.relabelings, [{ action: "replace", targetLabel: "track", replacement: "canary" }]);
      const dependsOn = monitor.registration.dependencies.map(shortUrn);
      assert.ok(
        dependsOn.includes("kubernetes:helm.sh/v3:Release::monitoring") &&
          dependsOn.includes(`kubernetes:core/v1:Service::${SERVICE}-canary`),
        dependsOn.join(", "),
      );
    });

    it("creates CloudWatch alarms on the canary's target group: its 5xx ratio and its p99 latency", () => {
      const alarms = aws("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.includes("canary"));
      assert.deepEqual(alarms.map((a) => a.inputs.name).sort(), [`eshop-dev-${SERVICE}-canary-5xx`, `eshop-dev-${SERVICE}-canary-p99`]);
      const ratio = alarms.find((a) => a.inputs.name.endsWith("-5xx"))!;
      assert.deepEqual(
        ratio.inputs.metricQueries
          .filter((q: any) => q.metric)
          .map((q: any) => q.metric.metricName)
          .sort(),
        ["HTTPCode_Target_5XX_Count", "RequestCount"],
      );
      const latency = alarms.find((a) => a.inputs.name.endsWith("-p99"))!;
      assert.equal(latency.inputs.extendedStatistic, "p99");
      for (const alarm of alarms) {
        const dimensions = alarm.inputs.dimensions ?? alarm.inputs.metricQueries.find((q: any) => q.metric).metric.dimensions;
        assert.ok(dimensions.TargetGroup && dimensions.LoadBalancer, alarm.name);
      }
    });
  });
}

describe("without eshop:canary (the committed plans)", () => {
  for (const stack of ["dev", "prod"]) {
    it(`${stack} has no canary Deployment, TargetGroupBinding, ServiceMonitor, target group or alarm`, () => {
      const text = fs.readFileSync(path.join(REPO_ROOT, "stacks", `${stack}.plan.yaml`), "utf8");
      const headers = text.split("\n").filter((line) => line.startsWith("# ") && line.includes("::"));
      assert.ok(
        headers.some((h) => h.includes("TargetGroupBinding")),
        "the plan lists resources by header",
      );
      assert.deepEqual(
        headers.filter((h) => /canary|MetricAlarm/i.test(h.split(" dependsOn")[0]) && !h.startsWith("# dependsOn")),
        [],
      );
    });
  }
});
