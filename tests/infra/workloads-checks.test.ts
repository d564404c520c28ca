import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Registration } from "../../infra/plan/run";
import { modelFor, targetGroupBindingValidator } from "./k8s-objects";
import { PlanGraph } from "./plan-graph";
import { restrictedViolations } from "./k8s-pod-security";

/** The checkers the workloads suites rely on must be able to fail. */
const compliant = () => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
  volumes: [{ name: "tmp", emptyDir: {} }],
});

describe("Pod Security 'restricted' checker", () => {
  it("admits a compliant pod", () => assert.deepEqual(restrictedViolations(compliant()), []));

  const broken: [string, (pod: any) => void, RegExp][] = [
    ["host network", (p) => (p.hostNetwork = true), /host namespaces/],
    ["hostPath volume", (p) => p.volumes.push({ name: "h", hostPath: { path: "/" } }), /hostPath/],
    ["privilege escalation", (p) => (p.containers[0].securityContext.allowPrivilegeEscalation = true), /allowPrivilegeEscalation/],
    ["root allowed", (p) => delete p.securityContext.runAsNonRoot, /runAsNonRoot/],
    ["capabilities kept", (p) => (p.containers[0].securityContext.capabilities.drop = []), /drop ALL/],
    ["capability added", (p) => (p.containers[0].securityContext.capabilities.add = ["NET_ADMIN"]), /NET_ADMIN/],
    ["no seccomp", (p) => delete p.securityContext.seccompProfile, /seccomp/],
    ["unconfined seccomp", (p) => (p.containers[0].securityContext.seccompProfile = { type: "Unconfined" }), /seccomp/],
    ["privileged", (p) => (p.containers[0].securityContext.privileged = true), /privileged/],
    ["host port", (p) => (p.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]), /hostPort/],
  ];
  for (const [rule, breakIt, message] of broken) {
    it(`refuses ${rule}`, () => {
      const pod = compliant();
      breakIt(pod);
      assert.match(restrictedViolations(pod).join("\n"), message);
    });
  }
});

describe("OpenAPI models", () => {
  it("refuse an object that breaks the Kubernetes schema", async () => {
    const Deployment = (await modelFor("apps/v1", "Deployment"))!;
    const bad = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x" },
      spec: { selector: {}, template: { spec: { containers: [{ name: "app", image: "i", ports: [{ containerPort: "8080" }] }] } } },
    };
    assert.throws(() => new Deployment(bad).validate(), /containerPort/);
  });

  it("cover the prometheus-operator kinds and not the load balancer controller's", async () => {
    assert.ok(await modelFor("monitoring.coreos.com/v1", "PrometheusRule"));
    assert.equal(await modelFor("elbv2.k8s.aws/v1beta1", "TargetGroupBinding"), undefined);
  });
});

describe("TargetGroupBinding schema (tests/infra/schemas)", () => {
  const validate = targetGroupBindingValidator();
  const binding = () => ({
    apiVersion: "elbv2.k8s.aws/v1beta1",
    kind: "TargetGroupBinding",
    metadata: { name: "user-service", namespace: "eshop" },
    spec: {
      serviceRef: { name: "user-service", port: 8080 },
      targetGroupARN: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/eshop-dev-user-service/0123456789abcdef",
      targetType: "ip",
    },
  });

  it("admits a binding as the controller's reference describes it", () =>
    assert.equal(validate(binding()), true, JSON.stringify(validate.errors)));

  const broken: [string, (b: any) => void][] = [
    ["no serviceRef", (b) => delete b.spec.serviceRef],
    ["neither a target group ARN nor a name", (b) => delete b.spec.targetGroupARN],
    ["a target type the controller does not know", (b) => (b.spec.targetType = "lambda")],
    ["a field the API does not have (misspelt)", (b) => (b.spec.targetGroupArn = b.spec.targetGroupARN)],
    ["a port out of range", (b) => (b.spec.serviceRef.port = 70000)],
    ["an ARN that is not a target group's", (b) => (b.spec.targetGroupARN = "arn:aws:lb:eu-west-1:123456789012:shop-edge-user-service")],
  ];
  for (const [name, breakIt] of broken) {
    it(`refuses ${name}`, () => {
      const b = binding();
      breakIt(b);
      assert.equal(validate(b), false);
    });
  }
});

describe("plan dependency walk", () => {
  const registration = (name: string, type: string, dependencies: string[] = []): Registration => ({
    urn: `urn:${name}`,
    type,
    name,
    parent: "",
    custom: true,
    dependencies,
    inputs: {},
  });
  const nodes = registration("nodes", "aws:eks/nodeGroup:NodeGroup");
  const namespace = registration("ns", "kubernetes:core/v1:Namespace", [nodes.urn]);
  const deployment = registration("app", "kubernetes:apps/v1:Deployment", [namespace.urn]);
  const early = registration("early", "kubernetes:core/v1:ConfigMap");

  it("follows dependencies transitively and names what an object does not wait for", () => {
    const graph = new PlanGraph({ stack: "dev", registrations: [nodes, namespace, deployment, early] });
    assert.deepEqual(graph.missing(deployment, [nodes]), []);
    assert.deepEqual(graph.missing(early, [nodes]), ["aws:eks/nodeGroup:NodeGroup::nodes"]);
  });
});
