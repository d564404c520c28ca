import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { ENVIRONMENT_KEYS, Settings } from "../../stacks";
import { PREVIEWERS_GROUP } from "../../infra/cluster/access";
import { EBS_CSI_PROVISIONER } from "../../infra/cluster/storage";
import { PlanRun, runStack } from "../../infra/plan/run";
import { CONFIG_HASH_ANNOTATION } from "../../infra/workloads/config-hash";
import { checkPinnedReleases, readPins } from "../delivery/lib/action-pins.mjs";
import { modelFor, targetGroupBindingValidator } from "./k8s-objects";
import { PlanGraph, isKubernetes, stringsIn, valuesOfKey } from "./plan-graph";
import { REPO_ROOT, StackName, TEST_ENVIRONMENT, stackConfig, stackSettings } from "./stack-config";

const DOCUMENTATION_RANGES: [number, number][] = [
  [192, 0, 2],
  [198, 51, 100],
  [203, 0, 113],
].map(([a, b, c]) => [((a * 256 + b) * 256 + c) * 256, 256]);
const ipv4 = (text: string) =>
  [...text.matchAll(/\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?\b/g)].map((m) => ({
    text: m[0],
    address: m
      .slice(1, 5)
      .map(Number)
      .reduce((a, o) => a * 256 + o, 0),
    prefix: m[5] === undefined ? 32 : Number(m[5]),
  }));

/**
 * What a first real `pulumi up` of a stack needs and Pulumi's mocks cannot show, checked on the
 * stack's offline plan: the API server is reachable from where Pulumi runs and lets its roles in,
 * nothing is created before what it runs on, every API an object relies on is served by something
 * the program installs, a deploy never resets what an HPA owns, configuration changes reach the
 * pods, and the workflows run real action pins.
 */
export function describeReadiness(stack: StackName): void {
  describe(`deploy readiness of stack ${stack}`, () => {
    let run: PlanRun;
    let graph: PlanGraph;
    let settings: Settings;
    const kube = (kind: string) => run.registrations.filter((r) => isKubernetes(r) && graph.inputs(r).kind === kind);
    const named = (kind: string, name: string) => kube(kind).find((r) => graph.inputs(r).metadata?.name === name)!;
    const addon = (name: string) => graph.ofType("aws:eks/addon:Addon").find((a) => graph.inputs(a).addonName === name);

    before(async () => {
      settings = stackSettings(stack);
      run = await runStack(stack);
      graph = new PlanGraph(run);
    });

    describe("reachability and access", () => {
      it("opens the API endpoint to real CIDRs only: no RFC 5737 documentation range, no 0.0.0.0/0", () => {
        const cluster = graph.inputs(graph.ofType("aws:eks/cluster:Cluster")[0]);
        assert.ok(cluster.vpcConfig.publicAccessCidrs.length > 0, "someone must be able to reach the API");
        assert.ok(!cluster.vpcConfig.publicAccessCidrs.includes("0.0.0.0/0"));
        const everything = [
          ...stringsIn(run.registrations.map((r) => graph.inputs(r))),
          fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"),
        ];
        const documentation = everything
          .flatMap(ipv4)
          .filter((ip) => DOCUMENTATION_RANGES.some(([start, size]) => ip.address >= start && ip.address < start + size));
        assert.deepEqual(
          documentation.map((ip) => ip.text),
          [],
        );
      });

      it("lets the deploy role, the preview role and the configured admins in through access entries, and nobody implicitly", () => {
        const cluster = graph.inputs(graph.ofType("aws:eks/cluster:Cluster")[0]);
        assert.deepEqual(cluster.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        const policyOf = (arn: string) =>
          graph
            .ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
            .map((r) => graph.inputs(r))
            .filter((a) => a.principalArn === arn)
            .map((a) => a.policyArn.split("/").pop());
        const entryOf = (arn: string) =>
          graph
            .ofType("aws:eks/accessEntry:AccessEntry")
            .map((r) => graph.inputs(r))
            .find((e) => e.principalArn === arn);
        assert.deepEqual(policyOf(settings.access.deployRoleArn), ["AmazonEKSClusterAdminPolicy"]);
        for (const admin of settings.access.clusterAdminArns) assert.deepEqual(policyOf(admin), ["AmazonEKSClusterAdminPolicy"], admin);
        assert.deepEqual(policyOf(settings.access.previewRoleArn), ["AmazonEKSViewPolicy"]);
        assert.deepEqual(entryOf(settings.access.previewRoleArn)?.kubernetesGroups, [PREVIEWERS_GROUP]);
        // Server-side-apply previews are dry-run PATCHes: the preview group may patch, never create, update or delete.
        const binding = graph.inputs(
          kube("ClusterRoleBinding").find((b) => graph.inputs(b).subjects.some((s: any) => s.name === PREVIEWERS_GROUP))!,
        );
        const role = graph.inputs(named("ClusterRole", binding.roleRef.name));
        const verbs = role.rules.flatMap((rule: any) => rule.verbs);
        assert.ok(verbs.includes("patch"));
        assert.deepEqual(
          verbs.filter((v: string) =>
            ["create", "update", "delete", "deletecollection", "escalate", "bind", "impersonate", "*"].includes(v),
          ),
          [],
        );
      });

      it("takes the account-specific values and secrets from the stack's ESC environment, never from the stack file", () => {
        const document = fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");
        assert.match(document, new RegExp(`^environment:\\n  - eshop/${stack}$`, "m"));
        const inFile = Object.keys(stackConfig(stack, false));
        assert.deepEqual(
          ENVIRONMENT_KEYS.filter((key) => inFile.includes(key)),
          [],
        );
        assert.deepEqual(
          Object.keys(TEST_ENVIRONMENT).sort(),
          [...ENVIRONMENT_KEYS].sort(),
          "the offline stand-ins cover exactly what the environment supplies",
        );
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        for (const key of ENVIRONMENT_KEYS) assert.ok(readme.includes(key), `README names ${key}`);
      });
    });

    describe("order of creation", () => {
      it("creates no Kubernetes object or Helm release before the access entries, a node in every zone and CoreDNS", () => {
        const required = [
          ...graph.ofType("aws:eks/nodeGroup:NodeGroup"),
          ...graph.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation"),
          addon("coredns")!,
        ];
        assert.equal(graph.ofType("aws:eks/nodeGroup:NodeGroup").length, settings.network.availabilityZones.length);
        const early = run.registrations
          .filter(isKubernetes)
          .map((r) => ({ r, missing: graph.missing(r, required) }))
          .filter((x) => x.missing.length > 0);
        assert.deepEqual(
          early.map(({ r, missing }) => `${r.type}::${r.name} before ${missing.join(", ")}`),
          [],
        );
      });

      it("rolls each caller's Deployment only after the Deployments it calls (services/catalog.json)", () => {
        for (const service of settings.catalog.services) {
          const deployment = named("Deployment", service.name);
          const callees = service.calls.map((callee) => named("Deployment", callee));
          assert.deepEqual(graph.missing(deployment, callees), [], service.name);
        }
      });

      it("starts the database owner and its migration Job only after the RDS instance, the Deployment after the Job, with Multi-AZ-sized timeouts", () => {
        const instance = graph.ofType("aws:rds/instance:Instance")[0];
        const owner = settings.catalog.services.find((s) => s.external.includes("postgresql"))!;
        const [job] = kube("Job");
        assert.deepEqual(graph.missing(job, [instance]), []);
        assert.deepEqual(graph.missing(named("Deployment", owner.name), [instance, job]), []);
        const minutes = (value?: string) => Number(/^(\d+)m$/.exec(value ?? "")?.[1] ?? 0);
        assert.ok(minutes(instance.customTimeouts?.create) >= 60, `RDS create timeout ${instance.customTimeouts?.create}`);
        assert.ok(minutes(instance.customTimeouts?.update) >= 60, `RDS update timeout ${instance.customTimeouts?.update}`);
      });
    });

    describe("providers of the APIs objects rely on", () => {
      it("serves the metrics API for every HPA's resource metrics (metrics-server add-on) before the HPA exists", () => {
        const metricsServer = addon("metrics-server");
        assert.ok(metricsServer, "metrics-server is installed");
        for (const hpa of kube("HorizontalPodAutoscaler")) {
          const sources = graph.inputs(hpa).spec.metrics.map((m: any) => m.type);
          assert.deepEqual(
            sources.filter((t: string) => t !== "Resource"),
            [],
            "only resource metrics, which metrics-server serves",
          );
          assert.deepEqual(graph.missing(hpa, [metricsServer]), [], graph.inputs(hpa).metadata.name);
        }
      });

      it("backs every volume claim with a StorageClass of the EBS CSI driver it installs (with its Pod Identity role)", () => {
        const ebs = addon("aws-ebs-csi-driver");
        assert.ok(ebs, "aws-ebs-csi-driver is installed");
        assert.equal(graph.inputs(ebs).podIdentityAssociations[0].serviceAccount, "ebs-csi-controller-sa");
        const classes = kube("StorageClass").map((r) => graph.inputs(r));
        assert.deepEqual(
          classes
            .filter((c) => c.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true")
            .map((c) => [c.provisioner, c.parameters.type, c.parameters.encrypted]),
          [[EBS_CSI_PROVISIONER, "gp3", "true"]],
        );
        const claims = graph
          .ofType("kubernetes:helm.sh/v3:Release")
          .flatMap((release) => valuesOfKey(graph.inputs(release).values, "volumeClaimTemplate").map((claim: any) => ({ release, claim })));
        assert.ok(claims.length >= 2, "Prometheus and Alertmanager keep their data on volumes");
        for (const { release, claim } of claims) {
          const storageClass = kube("StorageClass").find((r) => graph.inputs(r).metadata.name === claim.spec.storageClassName);
          assert.ok(storageClass, `${release.name}: storageClassName ${claim.spec.storageClassName} exists`);
          assert.equal(graph.inputs(storageClass).provisioner, EBS_CSI_PROVISIONER);
          assert.deepEqual(graph.missing(release, [storageClass]), [], `${release.name} waits for its StorageClass`);
        }
      });

      it("creates every custom resource after the Helm release (or published manifest) that installs its CRD", () => {
        const charts: Record<string, string> = {
          "monitoring.coreos.com": "kube-prometheus-stack",
          "elbv2.k8s.aws": "aws-load-balancer-controller",
          "security.istio.io": "base",
        };
        const manifests: Record<string, RegExp> = {
          "gateway.networking.k8s.io": /\/kubernetes-sigs\/gateway-api\/releases\/download\/v[\d.]+\/standard-install\.yaml$/,
        };
        const provider = (group: string) =>
          charts[group]
            ? graph.ofType("kubernetes:helm.sh/v3:Release").find((r) => graph.inputs(r).chart === charts[group])
            : graph.ofType("kubernetes:yaml/v2:ConfigFile").find((r) => manifests[group]?.test(graph.inputs(r).file));
        const custom = run.registrations.filter(
          (r) =>
            r.type === "kubernetes:apiextensions.k8s.io:CustomResource" ||
            /^kubernetes:(monitoring\.coreos\.com|elbv2\.k8s\.aws|[a-z.]*istio\.io|gateway\.networking\.k8s\.io)/.test(r.type),
        );
        assert.ok(
          custom.some((r) => r.type.includes("istio.io")) && custom.some((r) => r.type.includes("gateway.networking")),
          "the mesh's objects are checked",
        );
        for (const resource of custom) {
          const group = String(graph.inputs(resource).apiVersion).split("/")[0];
          const installer = provider(group);
          assert.ok(installer, `${resource.name}: something installs ${group}`);
          assert.deepEqual(graph.missing(resource, [installer]), [], resource.name);
        }
      });

      it("validates every TargetGroupBinding against the controller's published schema, and every ServiceMonitor and PrometheusRule against prometheus-operator's", async () => {
        const validate = targetGroupBindingValidator();
        const bindings = kube("TargetGroupBinding");
        assert.equal(
          bindings.length,
          new Set(settings.catalog.services.filter((s) => s.routes.some((r) => r.visibility === "public")).map((s) => s.name)).size,
        );
        for (const binding of bindings) {
          assert.ok(validate(graph.inputs(binding)), `${binding.name}: ${JSON.stringify(validate.errors)}`);
        }
        for (const kind of ["ServiceMonitor", "PrometheusRule"]) {
          const Model = (await modelFor("monitoring.coreos.com/v1", kind))!;
          assert.ok(kube(kind).length > 0, kind);
          for (const object of kube(kind)) assert.doesNotThrow(() => new Model(graph.inputs(object)).validate(), `${kind} ${object.name}`);
        }
      });
    });

    describe("CloudFront", () => {
      const regionOf = (r: { provider?: string }) =>
        r.provider ? graph.inputs(run.registrations.find((p) => p.urn === r.provider)!).region : settings.region;
      const distributions = () => graph.ofType("aws:cloudfront/distribution:Distribution");

      it("creates every CLOUDFRONT-scope web ACL, the log group it logs to and every viewer certificate in us-east-1, the only region CloudFront reads them from", () => {
        assert.ok(distributions().length > 0, "the shop has a distribution");
        const acls = graph.ofType("aws:wafv2/webAcl:WebAcl").filter((a) => graph.inputs(a).scope === "CLOUDFRONT");
        const logging = graph
          .ofType("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration")
          .filter((l) => acls.some((a) => l.dependencies.includes(a.urn)));
        const logGroups = graph
          .ofType("aws:cloudwatch/logGroup:LogGroup")
          .filter((g) => logging.some((l) => l.dependencies.includes(g.urn)));
        const certificates = distributions().flatMap((d) => {
          const arn = graph.inputs(d).viewerCertificate.acmCertificateArn;
          const validation = graph
            .ofType("aws:acm/certificateValidation:CertificateValidation")
            .find((v) => graph.inputs(v).certificateArn === arn)!;
          return [validation, ...graph.ofType("aws:acm/certificate:Certificate").filter((c) => validation.dependencies.includes(c.urn))];
        });
        const needed = [...acls, ...logging, ...logGroups, ...certificates];
        assert.equal(needed.length, 2 * acls.length + logGroups.length + certificates.length);
        assert.deepEqual(
          needed.filter((r) => regionOf(r) !== "us-east-1").map((r) => `${r.type}::${r.name} in ${regionOf(r)}`),
          [],
        );
      });

      it("attaches only a CLOUDFRONT-scope web ACL, and presents a certificate that covers each alternate domain name", () => {
        for (const distribution of distributions()) {
          const inputs = graph.inputs(distribution);
          const acl = graph
            .ofType("aws:wafv2/webAcl:WebAcl")
            .find((a) => distribution.dependencies.includes(a.urn) && inputs.webAclId.endsWith(`/${a.name}`));
          assert.equal(
            acl && graph.inputs(acl).scope,
            "CLOUDFRONT",
            `${distribution.name}: a REGIONAL web ACL cannot be attached to CloudFront`,
          );
          const validation = graph
            .ofType("aws:acm/certificateValidation:CertificateValidation")
            .find((v) => graph.inputs(v).certificateArn === inputs.viewerCertificate.acmCertificateArn)!;
          const certificate = graph.ofType("aws:acm/certificate:Certificate").find((c) => validation.dependencies.includes(c.urn))!;
          const names = [graph.inputs(certificate).domainName, ...(graph.inputs(certificate).subjectAlternativeNames ?? [])];
          assert.deepEqual(
            inputs.aliases.filter((alias: string) => !names.includes(alias)),
            [],
            "CloudFront refuses an alias its certificate does not cover",
          );
        }
      });

      it("owns each Route53 record once: the us-east-1 certificate shares the regional one's validation record, which ACM asks of both", () => {
        const records = graph
          .ofType("aws:route53/record:Record")
          .map((r) => graph.inputs(r))
          .map((r) => `${r.zoneId} ${String(r.name).replace(/\.$/, "")} ${r.type}`);
        assert.deepEqual(
          records.filter((key, i) => records.indexOf(key) !== i),
          [],
          "a second owner deletes the record when it is destroyed",
        );
        const validations = graph.ofType("aws:acm/certificateValidation:CertificateValidation");
        assert.ok(validations.length >= 2);
        assert.ok(validations.every((v) => graph.inputs(v).validationRecordFqdns.length === 1));
      });

      it("answers fixed responses at the load balancer only with a content type the ALB accepts", () => {
        const accepted = ["text/plain", "text/css", "text/html", "application/javascript", "application/json"];
        const fixed = [
          ...graph.ofType("aws:lb/listener:Listener").flatMap((l) => graph.inputs(l).defaultActions),
          ...graph.ofType("aws:lb/listenerRule:ListenerRule").flatMap((r) => graph.inputs(r).actions),
        ].filter((a: any) => a.type === "fixed-response");
        assert.ok(fixed.length >= 2, "the 403 default and the 404 catch-all");
        assert.deepEqual(
          fixed.map((a: any) => a.fixedResponse.contentType).filter((t: string) => !accepted.includes(t)),
          [],
        );
      });

      it("waits for the origin within CloudFront's default quota (60 s) and at least as long as the load balancer", () => {
        const idle = Math.max(...graph.ofType("aws:lb/loadBalancer:LoadBalancer").map((lb) => Number(graph.inputs(lb).idleTimeout ?? 60)));
        for (const distribution of distributions()) {
          for (const origin of graph.inputs(distribution).origins) {
            const { originReadTimeout = 30, originKeepaliveTimeout = 5 } = origin.customOriginConfig;
            assert.ok(originReadTimeout <= 60, `${distribution.name}: a read timeout of ${originReadTimeout} s needs a quota increase`);
            assert.ok(
              originReadTimeout >= idle,
              `${distribution.name}: CloudFront gives up after ${originReadTimeout} s, before the load balancer's ${idle} s`,
            );
            assert.ok(originKeepaliveTimeout < idle, "CloudFront must close idle origin connections before the load balancer does");
          }
        }
      });
    });

    describe("what a deploy changes in the cluster", () => {
      it("leaves the replica count of every Deployment under an HPA to the HPA", () => {
        for (const hpa of kube("HorizontalPodAutoscaler")) {
          const target = graph.inputs(hpa).spec.scaleTargetRef;
          const deployment = graph.inputs(named(target.kind, target.name));
          assert.equal(deployment.spec.replicas, undefined, `${target.name} sets spec.replicas, so every deploy resets the HPA's count`);
        }
      });

      it("changes a pod template when a setting or a secret it reads changes, and only that one", () => {
        const render = (changes: [string, string[], unknown][]): Record<string, any> => {
          const child = spawnSync(
            process.execPath,
            ["--import", "tsx", path.join(__dirname, "render-pod-templates.ts"), stack, JSON.stringify(changes)],
            { cwd: REPO_ROOT, encoding: "utf8" },
          );
          assert.equal(child.status, 0, child.stderr);
          return JSON.parse(child.stdout);
        };
        const hash = (templates: Record<string, any>, name: string) => templates[name].metadata.annotations[CONFIG_HASH_ANNOTATION];
        const committed = render([]);
        const lifetime = settings.application.tokenLifetimeMinutes + 5;
        const setting = render([["eshop:accounts", ["tokenLifetimeMinutes"], lifetime]]);
        const vendorKeys = JSON.parse(TEST_ENVIRONMENT["eshop:vendorApiKeys"]);
        const rotated = render([["eshop:vendorApiKeys", [], JSON.stringify({ ...vendorKeys, Visa: "rotated-visa-key" })]]);
        assert.match(hash(committed, "user-service"), /^[0-9a-f]{64}$/);
        assert.notEqual(hash(setting, "user-service"), hash(committed, "user-service"), "a changed setting rolls the pods that read it");
        assert.equal(hash(setting, "product-service"), hash(committed, "product-service"), "and leaves the others alone");
        assert.notEqual(
          hash(rotated, "payment-service"),
          hash(committed, "payment-service"),
          "a rotated secret rolls the pods that read it",
        );
        assert.equal(hash(rotated, "user-service"), hash(committed, "user-service"));
      });
    });

    it("runs its workflows on verified action pins only (.github/action-pins.json)", () => {
      const pins = readPins(REPO_ROOT);
      const files = fs.readdirSync(path.join(REPO_ROOT, ".github", "workflows")).map((f) => path.join(".github", "workflows", f));
      const pulumiSteps =
        files
          .map((f) => fs.readFileSync(path.join(REPO_ROOT, f), "utf8"))
          .join("\n")
          .match(/uses: pulumi\/actions@\S+/g) ?? [];
      assert.ok(pulumiSteps.length > 0, "the workflows run Pulumi");
      for (const file of files) assert.deepEqual(checkPinnedReleases(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), pins), [], file);
    });
  });
}
