import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import type { Settings } from "../../stacks";
import { GATEWAY_API_CRDS, ISTIO_CHARTS, ISTIO_VERSION } from "../../infra/mesh";
import { PROMETHEUS_SERVICE_ACCOUNT } from "../../infra/observability";
import { PlanRun, runStack } from "../../infra/plan/run";
import { KubeObject, kubernetesObjects, modelFor, ofKind } from "./k8s-objects";
import { PlanGraph } from "./plan-graph";
import { REPO_ROOT, StackName, stackSettings } from "./stack-config";

interface RawCatalog {
  services: {
    name: string;
    port: number;
    calls: { service: string; method: string; path: string }[];
    routes: { method: string; path: string; visibility: string }[];
  }[];
}

/** Istio's path templates as the waypoint reads them: `{*}` is one segment, anything else is literal. */
function matches(template: string, requestPath: string): boolean {
  const [t, p] = [template.split("/"), requestPath.split("/")];
  return t.length === p.length && t.every((segment, i) => (segment === "{*}" ? p[i].length > 0 : segment === p[i]));
}

/** A concrete request for a catalog route: every `{name}` becomes a segment value. */
const example = (catalogPath: string) => catalogPath.replace(/\{[^}]+\}/g, "42");

/**
 * The mesh for one stack under mocks: Istio ambient installed before the shop, STRICT mTLS, and
 * AuthorizationPolicies that allow exactly the calls services/catalog.json grants (read here from the file,
 * not through the program's loader), checked by evaluating the rendered rules against every catalog route.
 */
export function describeMesh(stack: StackName): void {
  describe(`mesh of stack ${stack}`, () => {
    let run: PlanRun;
    let graph: PlanGraph;
    let settings: Settings;
    let objects: KubeObject[];
    let catalog: RawCatalog;
    const inShop = (kind: string) => ofKind(objects, kind).filter((o) => o.metadata.namespace === settings.namespace);
    const principalOf = (serviceAccount: string, namespace = settings.namespace) => `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
    const releases = () =>
      graph.ofType("kubernetes:helm.sh/v3:Release").filter((r) => graph.inputs(r).repositoryOpts?.repo === ISTIO_CHARTS);

    before(async () => {
      settings = stackSettings(stack);
      run = await runStack(stack);
      graph = new PlanGraph(run);
      objects = kubernetesObjects(run);
      catalog = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "services", "catalog.json"), "utf8"));
    });

    it("installs Istio ambient (base, istiod, cni, ztunnel) at one pinned version, with the CNI paths of EKS nodes", () => {
      const byChart: Record<string, any> = Object.fromEntries(releases().map((r) => [graph.inputs(r).chart, graph.inputs(r)]));
      assert.deepEqual(Object.keys(byChart).sort(), ["base", "cni", "istiod", "ztunnel"]);
      assert.match(ISTIO_VERSION, /^\d+\.\d+\.\d+$/);
      for (const release of Object.values(byChart)) assert.equal(release.version, ISTIO_VERSION, release.chart);
      for (const chart of ["istiod", "cni", "ztunnel"]) assert.equal(byChart[chart].values.profile, "ambient", chart);
      assert.deepEqual([byChart.cni.values.cniBinDir, byChart.cni.values.cniConfDir], ["/opt/cni/bin", "/etc/cni/net.d"]);
      assert.equal(byChart.istiod.values.gateways.seccompProfile.type, "RuntimeDefault", "waypoints must pass Pod Security 'restricted'");
      const crds = graph.ofType("kubernetes:yaml/v2:ConfigFile").map((r) => graph.inputs(r).file);
      assert.deepEqual(crds, [GATEWAY_API_CRDS]);
      assert.match(GATEWAY_API_CRDS, /\/download\/v\d+\.\d+\.\d+\/standard-install\.yaml$/);
    });

    it("starts every shop and monitoring pod only once the mesh runs, in namespaces that joined it", () => {
      const mesh = [...releases(), ...graph.ofType("kubernetes:yaml/v2:ConfigFile")];
      const pods = run.registrations.filter(
        (r) => ["Deployment", "Job"].includes(graph.inputs(r).kind) && graph.inputs(r).metadata?.namespace === settings.namespace,
      );
      const monitoring = graph.ofType("kubernetes:helm.sh/v3:Release").filter((r) => graph.inputs(r).chart === "kube-prometheus-stack");
      assert.ok(pods.length >= settings.catalog.services.length);
      for (const registration of [...pods, ...monitoring]) assert.deepEqual(graph.missing(registration, mesh), [], registration.name);
      const namespace = (name: string) => ofKind(objects, "Namespace").find((n) => n.metadata.name === name)!;
      assert.equal(namespace(settings.namespace).metadata.labels?.["istio.io/dataplane-mode"], "ambient");
      const [waypoint] = inShop("Gateway");
      assert.equal(namespace(settings.namespace).metadata.labels?.["istio.io/use-waypoint"], waypoint.metadata.name);
      assert.deepEqual(
        [waypoint.spec.gatewayClassName, waypoint.spec.listeners.map((l: any) => [l.port, l.protocol])],
        ["istio-waypoint", [[15008, "HBONE"]]],
      );
      if (settings.observability.enabled)
        assert.equal(namespace(settings.observability.namespace).metadata.labels?.["istio.io/dataplane-mode"], "ambient");
    });

    it("validates every PeerAuthentication, AuthorizationPolicy and Gateway against @kubernetes-models/istio and /gateway-api", async () => {
      for (const [apiVersion, kind] of [
        ["security.istio.io/v1", "PeerAuthentication"],
        ["security.istio.io/v1", "AuthorizationPolicy"],
        ["gateway.networking.k8s.io/v1", "Gateway"],
      ]) {
        const Model = (await modelFor(apiVersion, kind))!;
        assert.ok(Model, `${apiVersion} ${kind} is modelled`);
        assert.ok(inShop(kind).length > 0, kind);
        for (const { registration: _, ...manifest } of inShop(kind))
          assert.doesNotThrow(() => new Model(manifest).validate(), `${kind} ${manifest.metadata.name}`);
        // The model really checks: a wrong enum value fails.
        if (kind === "PeerAuthentication")
          assert.throws(() => new Model({ ...inShop(kind)[0], registration: undefined, spec: { mtls: { mode: "STRICTEST" } } }).validate());
      }
    });

    it("requires mTLS in the shop's namespace, with plaintext only on the public services' ports and only from the ALB's subnets", () => {
      const peerAuthentications = inShop("PeerAuthentication");
      const namespaceWide = peerAuthentications.filter((p) => !p.spec.selector);
      assert.deepEqual(
        namespaceWide.map((p) => p.spec.mtls.mode),
        ["STRICT"],
      );
      const publicServices = catalog.services.filter((s) => s.routes.some((r) => r.visibility === "public"));
      const exceptions = peerAuthentications
        .filter((p) => p.spec.selector)
        .map((p) => ({
          service: p.spec.selector.matchLabels["app.kubernetes.io/name"],
          mode: p.spec.mtls.mode,
          ports: Object.entries(p.spec.portLevelMtls).map(([port, setting]: [string, any]) => [Number(port), setting.mode]),
        }));
      assert.deepEqual(
        exceptions.sort((a, b) => a.service.localeCompare(b.service)),
        publicServices
          .map((s) => ({ service: s.name, mode: "STRICT", ports: [[s.port, "PERMISSIVE"]] }))
          .sort((a, b) => a.service.localeCompare(b.service)),
      );
      const publicCidrs = graph
        .ofType("aws:ec2/subnet:Subnet")
        .map((s) => graph.inputs(s))
        .filter((s) => s.tags["kubernetes.io/role/elb"] === "1")
        .map((s) => s.cidrBlock)
        .sort();
      for (const service of catalog.services) {
        const plaintext = podRules(service.name).filter((rule) => rule.from.some((f: any) => f.source.ipBlocks));
        const isPublic = publicServices.includes(service);
        assert.deepEqual(
          plaintext.map((rule) => [rule.from[0].source.ipBlocks.sort(), rule.to[0].operation.ports]),
          isPublic ? [[publicCidrs, [String(service.port)]]] : [],
          service.name,
        );
      }
    });

    it("allows every call services/catalog.json grants, through the waypoint, and no other", () => {
      const expected = catalog.services
        .flatMap((caller) => caller.calls.map((c) => `${principalOf(caller.name)} ${c.method} ${c.service}${c.path}`))
        .sort();
      assert.ok(expected.length > 0);
      const routePolicies = inShop("AuthorizationPolicy").filter((p) => p.spec.targetRefs);
      const allowed = (from: string, callee: string, method: string, requestPath: string) =>
        routePolicies
          .filter((p) => p.spec.targetRefs.some((t: any) => t.kind === "Service" && t.group === "" && t.name === callee))
          .some(
            (p) =>
              p.spec.action === "ALLOW" &&
              p.spec.rules.some(
                (rule: any) =>
                  rule.from.some((f: any) => f.source.principals.includes(from)) &&
                  rule.to.some(
                    (t: any) =>
                      t.operation.methods.includes(method) && t.operation.paths.some((template: string) => matches(template, requestPath)),
                  ),
              ),
          );
      const identities = [
        ...catalog.services.map((s) => principalOf(s.name)),
        principalOf("default"),
        principalOf(PROMETHEUS_SERVICE_ACCOUNT, settings.observability.namespace),
      ];
      const actual = catalog.services
        .flatMap((callee) =>
          callee.routes.flatMap((route) =>
            identities
              .filter((from) => allowed(from, callee.name, route.method, example(route.path)))
              .map((from) => `${from} ${route.method} ${callee.name}${route.path}`),
          ),
        )
        .sort();
      assert.deepEqual(actual, expected);
      const targets = routePolicies.flatMap((p) => p.spec.targetRefs.map((t: any) => t.name));
      for (const target of targets)
        assert.ok(
          inShop("Service").some((s) => s.metadata.name === target),
          `${target} is a Service of the namespace`,
        );
    });

    it("lets a service's pods be reached only by the waypoint, Prometheus and (public services) the ALB: no caller skips the waypoint", () => {
      const waypoint = principalOf(inShop("Gateway")[0].metadata.name);
      const prometheus = settings.observability.enabled ? [principalOf(PROMETHEUS_SERVICE_ACCOUNT, settings.observability.namespace)] : [];
      for (const service of catalog.services) {
        const called = catalog.services.some((c) => c.calls.some((g) => g.service === service.name));
        const principals = podRules(service.name).flatMap((rule) => rule.from.flatMap((f: any) => f.source.principals ?? []));
        assert.deepEqual(principals.sort(), [...(called ? [waypoint] : []), ...prometheus].sort(), service.name);
        for (const rule of podRules(service.name))
          assert.deepEqual(
            rule.to.map((t: any) => t.operation.ports),
            [[String(service.port)]],
            service.name,
          );
      }
      const namespaceWide = inShop("AuthorizationPolicy").filter((p) => !p.spec.selector && !p.spec.targetRefs);
      assert.deepEqual(
        namespaceWide.map((p) => p.spec),
        [{}],
        "an allow-nothing policy for any pod without its own",
      );
      const release = graph.ofType("kubernetes:helm.sh/v3:Release").find((r) => graph.inputs(r).chart === "kube-prometheus-stack");
      if (release) assert.equal(graph.inputs(release).values.prometheus.serviceAccount.name, PROMETHEUS_SERVICE_ACCOUNT);
    });

    /** The ztunnel (selector) policy of a service's pods, by the name label every one of its pods carries. */
    function podRules(service: string): any[] {
      const policies = inShop("AuthorizationPolicy").filter((p) => p.spec.selector?.matchLabels["app.kubernetes.io/name"] === service);
      assert.equal(policies.length, 1, `${service}: one pod policy`);
      assert.equal(policies[0].spec.action, "ALLOW");
      return policies[0].spec.rules;
    }
  });
}
