import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { modelFor } from "./k8s-objects";
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
    const bad = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { selector: {}, template: { spec: { containers: [{ name: "app", image: "i", ports: [{ containerPort: "8080" }] }] } } } };
    assert.throws(() => new Deployment(bad).validate(), /containerPort/);
  });

  it("cover the prometheus-operator kinds and not the load balancer controller's", async () => {
    assert.ok(await modelFor("monitoring.coreos.com/v1", "PrometheusRule"));
    assert.equal(await modelFor("elbv2.k8s.aws/v1beta1", "TargetGroupBinding"), undefined);
  });
});
