import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Settings } from "../../stacks";
import { PlanRun, runStack } from "../../infra/plan/run";
import { mapSecrets, reveal } from "../../infra/plan/secrets";
import { shortUrn } from "../../infra/plan/render";
import { CONTAINER, PRE_STOP_SECONDS } from "../../infra/workloads/contract";
import { credentialDigest } from "../../infra/workloads/internal-credentials";
import { KUBELET_PROBE_SOURCE } from "../../infra/workloads/network-policies";
import { ISTIOD_XDS_PORT, ISTIO_NAMESPACE } from "../../infra/mesh";
import { HBONE_PORT, WAYPOINT_POD_LABELS } from "../../infra/mesh/authorization";
import { KubeObject, kubernetesObjects, modelFor, ofKind, selects } from "./k8s-objects";
import { restrictedViolations } from "./k8s-pod-security";
import { StackName, stackConfig, stackSettings } from "./stack-config";

function containsSecret(value: unknown): boolean {
  let found = false;
  mapSecrets(value, () => (found = true));
  return found;
}

/**
 * Runs the whole program for one stack under mocks and checks the shop layer: the Kubernetes
 * objects against their OpenAPI schema and the rules of the platform, the edge and the order of
 * destruction. Expected values come from the catalog and the stack's settings.
 */
export function describeWorkloads(stack: StackName): void {
  describe(`workloads of stack ${stack}`, () => {
    let run: PlanRun;
    let settings: Settings;
    let objects: KubeObject[];
    const aws = (type: string) => run.registrations.filter((r) => r.type === type).map((r) => ({ ...r, inputs: reveal(r.inputs) }));
    const podTemplates = () => [
      ...ofKind(objects, "Deployment").map((d) => ({ owner: `Deployment ${d.metadata.name}`, template: d.spec.template })),
      ...ofKind(objects, "Job").map((j) => ({ owner: `Job ${j.metadata.name}`, template: j.spec.template })),
    ];
    const publicRoutes = () =>
      settings.catalog.services.flatMap((s) => s.routes.filter((r) => r.visibility === "public").map((r) => ({ ...r, service: s.name })));
    const dependsOn = (registration: { dependencies: string[] }, type: string, name: string) =>
      registration.dependencies.some((urn) => shortUrn(urn) === `${type}::${name}`);

    before(async () => {
      settings = stackSettings(stack);
      run = await runStack(stack);
      objects = kubernetesObjects(run);
    });

    it("validates every Kubernetes object against the Kubernetes (and prometheus-operator, Istio, Gateway API) OpenAPI schema", async (t) => {
      const unmodelled = new Set<string>();
      let validated = 0;
      for (const object of objects) {
        const Model = await modelFor(object.apiVersion, object.kind);
        if (!Model) {
          unmodelled.add(`${object.apiVersion}/${object.kind}`);
          continue;
        }
        const { registration: _, ...manifest } = object;
        assert.doesNotThrow(() => new Model(manifest).validate(), `${object.kind} ${object.metadata.name}`);
        validated++;
      }
      t.diagnostic(`${validated} objects validated; without a schema package: ${[...unmodelled].join(", ")}`);
      // The Load Balancer Controller's CRD has no maintained model package; its fields are checked in the edge tests.
      assert.deepEqual([...unmodelled], ["elbv2.k8s.aws/v1beta1/TargetGroupBinding"]);
    });

    it("puts the shop in a namespace that enforces Pod Security 'restricted' and injects the ALB readiness gate", () => {
      const [namespace] = ofKind(objects, "Namespace").filter((n) => n.metadata.name === settings.namespace);
      assert.equal(namespace.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
      assert.equal(namespace.metadata.labels?.["elbv2.k8s.aws/pod-readiness-gate-inject"], "enabled");
    });

    it("makes every pod template meet Pod Security 'restricted' with a read-only root and an emptyDir /tmp", () => {
      const templates = podTemplates();
      assert.equal(templates.length, settings.services.length + 1, "a Deployment per service and the migration Job");
      for (const { owner, template } of templates) {
        assert.deepEqual(restrictedViolations(template.spec), [], owner);
        assert.equal(template.spec.automountServiceAccountToken, false, owner);
        for (const container of template.spec.containers) {
          assert.equal(container.securityContext.readOnlyRootFilesystem, true, owner);
          assert.equal(container.securityContext.runAsUser, CONTAINER.uid, owner);
          const tmp = container.volumeMounts.find((m: any) => m.mountPath === "/tmp");
          assert.ok(template.spec.volumes.find((v: any) => v.name === tmp?.name)?.emptyDir, `${owner}: /tmp is an emptyDir`);
        }
      }
    });

    it("gives every catalog service a Deployment with probes, requests, limits, spread, safe rollout, an HPA and a PDB", () => {
      const deployments = ofKind(objects, "Deployment");
      assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), settings.services.map((s) => s.name).sort());
      for (const service of settings.services) {
        const deployment = deployments.find((d) => d.metadata.name === service.name)!;
        const pod = deployment.spec.template.spec;
        const [container] = pod.containers;
        assert.equal(container.startupProbe.httpGet.path, CONTAINER.livenessPath);
        assert.equal(container.livenessProbe.httpGet.path, CONTAINER.livenessPath);
        assert.equal(container.readinessProbe.httpGet.path, CONTAINER.readinessPath);
        assert.equal(container.ports[0].containerPort, service.catalog.port);
        assert.deepEqual(container.resources, service.sizing.resources);
        assert.equal(deployment.spec.replicas, undefined, `${service.name}: the HPA owns the replica count`);
        assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
        const spread = pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.maxSkew]);
        assert.deepEqual(spread, [
          ["topology.kubernetes.io/zone", 1],
          ["kubernetes.io/hostname", 1],
        ]);
        assert.ok(pod.topologySpreadConstraints.every((c: any) => selects(c.labelSelector, deployment.spec.template.metadata.labels)));
        assert.equal(container.lifecycle.preStop.sleep.seconds, PRE_STOP_SECONDS);
        assert.ok(pod.terminationGracePeriodSeconds > PRE_STOP_SECONDS + CONTAINER.appShutdownSeconds);

        const hpas = ofKind(objects, "HorizontalPodAutoscaler").filter(
          (h) => h.spec.scaleTargetRef.kind === "Deployment" && h.spec.scaleTargetRef.name === service.name,
        );
        assert.equal(hpas.length, 1, `${service.name}: one HPA`);
        assert.equal(hpas[0].apiVersion, "autoscaling/v2");
        assert.equal(hpas[0].spec.minReplicas, service.sizing.autoscaling.minReplicas);
        if (stack === "prod") assert.ok(hpas[0].spec.minReplicas >= 2, `${service.name}: prod never runs fewer than 2`);
        assert.equal(hpas[0].spec.maxReplicas, service.sizing.autoscaling.maxReplicas);
        assert.equal(hpas[0].spec.metrics[0].resource.target.averageUtilization, service.sizing.autoscaling.cpuTargetPercent);

        const pdbs = ofKind(objects, "PodDisruptionBudget").filter((p) =>
          selects(p.spec.selector, deployment.spec.template.metadata.labels),
        );
        assert.equal(pdbs.length, 1, `${service.name}: one PDB`);
      }
    });

    it("runs every container by the digest configured for the stack", () => {
      for (const { owner, template } of podTemplates()) {
        const service = settings.services.find((s) => s.name === template.metadata.labels["app.kubernetes.io/name"])!;
        assert.ok(service.image.published);
        for (const container of template.spec.containers)
          assert.match(container.image, new RegExp(`^[^@]+/${service.name}@${service.image.digest}$`), owner);
      }
    });

    it("migrates the database with the db-service image in a Job named after the digest, before db-service rolls", () => {
      const [job] = ofKind(objects, "Job");
      const owner = settings.services.find((s) => s.catalog.external.includes("postgresql"))!;
      const deployment = ofKind(objects, "Deployment").find((d) => d.metadata.name === owner.name)!;
      assert.ok(owner.image.published);
      assert.ok(job.metadata.name.endsWith(owner.image.digest.slice("sha256:".length, "sha256:".length + 12)));
      assert.deepEqual(job.spec.template.spec.containers[0].args, ["migrate"]);
      assert.equal(job.spec.template.spec.containers[0].image, deployment.spec.template.spec.containers[0].image);
      assert.ok(dependsOn(deployment.registration, "kubernetes:batch/v1:Job", job.registration.name), "the Deployment waits for the Job");
    });

    it("hands the database connection only to db-service pods and the vendor keys and fingerprint key only to payment pods", () => {
      const all = ofKind(objects, "Secret").filter((s) => s.metadata.namespace === settings.namespace);
      const secrets = all.filter((s) => s.metadata.labels?.["app.kubernetes.io/component"] === "server");
      const [migrationSecret] = all.filter((s) => s.metadata.labels?.["app.kubernetes.io/component"] === "migration");
      const holding = (pattern: RegExp) =>
        secrets.filter((s) => Object.keys(s.stringData ?? {}).some((k) => pattern.test(k))).map((s) => s.metadata.name);
      const podsUsing = (secretNames: string[]) =>
        podTemplates()
          .filter(({ template }) =>
            template.spec.containers.some((c: any) =>
              [
                ...(c.envFrom ?? []).map((e: any) => e.secretRef?.name),
                ...(c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name),
              ].some((n) => secretNames.includes(n)),
            ),
          )
          .map(({ template }) => template.metadata.labels["app.kubernetes.io/name"]);
      const database = settings.catalog.services.filter((s) => s.external.includes("postgresql")).map((s) => s.name);
      const payments = settings.catalog.services.filter((s) => s.external.includes("card-vendors")).map((s) => s.name);
      assert.deepEqual(holding(/^ConnectionStrings__/), database);
      assert.deepEqual([...new Set(podsUsing(holding(/^ConnectionStrings__/)))], database);
      assert.deepEqual(holding(/^Vendors__.*__ApiKey$/), payments);
      assert.deepEqual([...new Set(podsUsing(holding(/^Vendors__.*__ApiKey$/)))], payments);
      assert.deepEqual(holding(/^Payments__FingerprintKey$/), payments);
      const runtime = secrets.find((s) => s.metadata.name === database[0])!.stringData.ConnectionStrings__Postgres;
      assert.match(runtime, /Username=eshop_app;.*SSL Mode=VerifyFull;Root Certificate=\/etc\/ssl\/certs\/rds-global-bundle\.pem$/);
      // Only the migration Job gets the schema owner's login, and the runtime role it keeps in step.
      assert.match(
        migrationSecret.stringData.ConnectionStrings__Postgres,
        new RegExp(`Username=${settings.database.username};.*SSL Mode=VerifyFull`),
      );
      assert.equal(migrationSecret.stringData.Database__RuntimeRole, "eshop_app");
      const [job] = ofKind(objects, "Job");
      assert.deepEqual(job.spec.template.spec.containers[0].envFrom.map((e: any) => e.secretRef?.name).filter(Boolean), [
        migrationSecret.metadata.name,
      ]);
      assert.ok(
        podTemplates()
          .filter(({ owner }) => owner.startsWith("Deployment"))
          .every(
            ({ template }) => !template.spec.containers[0].envFrom.some((e: any) => e.secretRef?.name === migrationSecret.metadata.name),
          ),
        "no Deployment reads the migration Secret",
      );
      // Each caller's own credential only in its own Secret; a callee holds the callers' digests, never a credential.
      const secretOf = (service: string) => secrets.find((s) => s.metadata.name === service)!.stringData as Record<string, string>;
      const everyCaller = [
        ...settings.catalog.services.filter((s) => s.grants.length > 0).map((s) => s.name),
        ...settings.catalog.operators.map((o) => o.name),
      ];
      const calledServices = settings.catalog.services
        .filter((s) =>
          [...settings.catalog.services, ...settings.catalog.operators].some((c) => c.grants.some((g) => g.service === s.name)),
        )
        .map((s) => s.name);
      assert.deepEqual(calledServices.sort(), ["db-service", "payment-service"]);
      for (const service of settings.catalog.services) {
        const own = secretOf(service.name);
        assert.equal(
          "InternalAuth__Token" in own,
          service.grants.length > 0,
          `${service.name} has its own credential exactly when it calls something`,
        );
        const digests = Object.keys(own)
          .filter((k) => k.startsWith("InternalAuth__Callers__"))
          .map((k) => k.slice("InternalAuth__Callers__".length));
        assert.deepEqual(
          digests.sort(),
          calledServices.includes(service.name) ? [...everyCaller].sort() : [],
          `${service.name}'s caller digests`,
        );
      }
      const credentials = settings.catalog.services
        .filter((s) => s.grants.length > 0)
        .map((s) => [s.name, secretOf(s.name).InternalAuth__Token] as const);
      assert.equal(new Set(credentials.map(([, c]) => c)).size, credentials.length, "every caller has its own credential");
      for (const [caller, credential] of credentials) {
        const holders = secrets
          .filter((s) => Object.values(s.stringData as Record<string, string>).includes(credential))
          .map((s) => s.metadata.name);
        assert.deepEqual(holders, [caller], `only ${caller}'s Secret holds its credential`);
        for (const callee of calledServices)
          assert.equal(
            secretOf(callee)[`InternalAuth__Callers__${caller}`],
            credentialDigest(credential),
            `${callee} knows ${caller} by digest`,
          );
      }
      const secretEntries = secrets.flatMap((s) => Object.entries(s.stringData as Record<string, string>));
      for (const config of ofKind(objects, "ConfigMap").filter((c) => c.metadata.namespace === settings.namespace)) {
        const leaked = Object.entries(config.data as Record<string, string>).filter(([key, value]) =>
          secretEntries.some(([k, v]) => k === key || value.includes(v)),
        );
        assert.deepEqual(leaked, [], `${config.metadata.name} holds no secret`);
      }
      // @pulumi/kubernetes makes every Secret's stringData a Pulumi secret itself. What the program must keep in the
      // clear is each pod template, whose config hash is made from those secrets (infra/workloads/config-hash.ts):
      // a secret template would be masked whole in the plan and its diff.
      const withSecrets = run.registrations.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && containsSecret(r.inputs));
      assert.deepEqual(
        withSecrets.map((r) => r.name),
        [],
        "no Deployment input is a secret",
      );
    });

    describe("network policies", () => {
      const NAME = "app.kubernetes.io/name";
      const policies = () => ofKind(objects, "NetworkPolicy");
      const serverLabels = (service: string) =>
        ofKind(objects, "Deployment").find((d) => d.metadata.name === service)!.spec.template.metadata.labels;
      const admittedPeers = (service: string) =>
        policies()
          .filter((p) => selects(p.spec.podSelector, serverLabels(service)))
          .flatMap((p) => (p.spec.ingress ?? []).flatMap((rule: any) => rule.from ?? [{ anything: true }]));

      it("denies all ingress and egress by default and allows DNS", () => {
        const deny = policies().filter((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
        assert.deepEqual(
          deny.map((p) => p.spec.policyTypes),
          [["Ingress", "Egress"]],
        );
        const dns = policies().find((p) => p.metadata.name === "allow-dns")!;
        assert.deepEqual(
          dns.spec.egress[0].ports.map((p: any) => p.port),
          [53, 53],
        );
      });

      it("admits db-service traffic only from the waypoint and Prometheus, over HBONE, and the kubelet's probes on its port", () => {
        const db = settings.catalog.services.find((s) => s.external.includes("postgresql"))!;
        const rules = policies()
          .filter((p) => selects(p.spec.podSelector, serverLabels(db.name)))
          .flatMap((p) => p.spec.ingress ?? []);
        const peers = rules.flatMap((rule: any) =>
          (rule.from ?? [{ anything: true }]).map((peer: any) => ({ peer, ports: rule.ports.map((p: any) => p.port) })),
        );
        assert.ok(
          peers.every(({ peer }) => !peer.anything),
          "no open rules",
        );
        const inNamespace = peers.filter(({ peer }) => peer.podSelector && !peer.namespaceSelector);
        assert.deepEqual(
          inNamespace.map(({ peer, ports }) => [peer.podSelector.matchLabels, ports]),
          [[WAYPOINT_POD_LABELS, [HBONE_PORT]]],
        );
        const fromOtherNamespaces = peers.filter(({ peer }) => peer.namespaceSelector);
        assert.deepEqual(
          fromOtherNamespaces.map(({ peer, ports }) => [peer.namespaceSelector.matchLabels["kubernetes.io/metadata.name"], ports]),
          settings.observability.enabled ? [[settings.observability.namespace, [HBONE_PORT]]] : [],
        );
        assert.deepEqual(
          peers.filter(({ peer }) => peer.ipBlock).map(({ peer, ports }) => [peer.ipBlock.cidr, ports]),
          [[KUBELET_PROBE_SOURCE, [db.port]]],
        );
      });

      it("lets exactly the catalog's callers reach the waypoint, and the waypoint only the called services and istiod", () => {
        // The waypoint's own policies (the namespace-wide ones, DNS and OTLP, are checked above and in the telemetry suite).
        const waypoint = policies().filter((p) => p.spec.podSelector.matchLabels && selects(p.spec.podSelector, WAYPOINT_POD_LABELS));
        const admitted = waypoint
          .flatMap((p) => p.spec.ingress ?? [])
          .flatMap((rule: any) => rule.from.map((peer: any) => [peer.podSelector.matchLabels[NAME], rule.ports.map((p: any) => p.port)]));
        const callers = settings.catalog.services.filter((s) => s.calls.length > 0).map((s) => [s.name, [HBONE_PORT]]);
        assert.deepEqual(admitted.sort(), callers.sort());
        const reached = waypoint
          .flatMap((p) => p.spec.egress ?? [])
          .flatMap((rule: any) =>
            rule.to.map((peer: any) => [
              peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ?? settings.namespace,
              peer.podSelector.matchLabels[NAME] ?? peer.podSelector.matchLabels.app,
              rule.ports.map((p: any) => p.port),
            ]),
          );
        const called = settings.catalog.services
          .filter((s) => settings.catalog.services.some((c) => c.calls.includes(s.name)))
          .map((s) => [settings.namespace, s.name, [HBONE_PORT]]);
        assert.deepEqual(reached.sort(), [...called, [ISTIO_NAMESPACE, "istiod", [ISTIOD_XDS_PORT]]].sort());
        for (const service of settings.catalog.services.filter((s) => s.calls.length > 0)) {
          const egress = policies()
            .filter((p) => selects(p.spec.podSelector, serverLabels(service.name)))
            .flatMap((p) => p.spec.egress ?? []);
          const inNamespace = egress.flatMap((rule: any) =>
            rule.to
              .filter((peer: any) => peer.podSelector && !peer.namespaceSelector)
              .map((peer: any) => [peer.podSelector.matchLabels, rule.ports.map((p: any) => p.port)]),
          );
          assert.deepEqual(inNamespace, [[WAYPOINT_POD_LABELS, [HBONE_PORT]]], `${service.name} calls through the waypoint only`);
        }
      });

      it("admits the load balancer's subnets to the public services only", () => {
        const subnets = aws("aws:ec2/subnet:Subnet");
        const publicCidrs = subnets
          .filter((s) => s.inputs.tags["kubernetes.io/role/elb"] === "1")
          .map((s) => s.inputs.cidrBlock)
          .sort();
        for (const service of settings.catalog.services) {
          const cidrs = admittedPeers(service.name)
            .filter((peer: any) => peer.ipBlock && peer.ipBlock.cidr !== KUBELET_PROBE_SOURCE)
            .map((peer: any) => peer.ipBlock.cidr)
            .sort();
          const isPublic = service.routes.some((r) => r.visibility === "public");
          assert.deepEqual(cidrs, isPublic ? publicCidrs : [], service.name);
        }
      });

      it("lets only the database owner reach the database subnets on 5432, and only payment reach the internet on 443", () => {
        const egress = policies().flatMap((p) => (p.spec.egress ?? []).map((rule: any) => ({ policy: p, rule })));
        const privateCidrs = aws("aws:ec2/subnet:Subnet")
          .filter((s) => s.inputs.tags["kubernetes.io/role/internal-elb"] === "1")
          .map((s) => s.inputs.cidrBlock)
          .sort();
        const to5432 = egress.filter(({ rule }) => rule.ports.some((p: any) => p.port === 5432));
        assert.deepEqual(
          to5432.map(({ policy }) => policy.spec.podSelector.matchLabels["app.kubernetes.io/name"]),
          ["db-service"],
        );
        assert.deepEqual(to5432[0].rule.to.map((peer: any) => peer.ipBlock.cidr).sort(), privateCidrs);
        const internet = egress.filter(({ rule }) => rule.to.some((peer: any) => peer.ipBlock?.cidr === "0.0.0.0/0"));
        assert.deepEqual(
          internet.map(({ policy, rule }) => [
            policy.spec.podSelector.matchLabels["app.kubernetes.io/name"],
            rule.ports.map((p: any) => p.port),
          ]),
          [["payment-service", [443]]],
        );
      });
    });

    describe("edge", () => {
      it("routes exactly the catalog's public routes on the shop host, nothing internal", () => {
        const rules = aws("aws:lb/listenerRule:ListenerRule").filter((r) => r.inputs.actions[0].type === "forward");
        const routed = rules.map((r) => {
          const condition = (key: string) => r.inputs.conditions.find((c: any) => c[key])[key].values;
          assert.deepEqual(condition("hostHeader"), [settings.dns.host]);
          return `${condition("httpRequestMethod")[0]} ${condition("pathPattern")[0]}`;
        });
        assert.deepEqual(
          routed.sort(),
          publicRoutes()
            .map((r) => `${r.method} ${r.path}`)
            .sort(),
        );
        const internal = settings.catalog.services.flatMap((s) =>
          s.routes.filter((r) => r.visibility === "internal").map((r) => `${r.method} ${r.path}`),
        );
        assert.deepEqual(
          routed.filter((route) => internal.includes(route)),
          [],
        );
        const all = aws("aws:lb/listenerRule:ListenerRule");
        assert.equal(new Set(all.map((r) => r.inputs.priority)).size, all.length, "priorities are unique");
      });

      it("serves only HTTPS, with the ACM certificate and a TLS 1.3 policy; what is not a route from CloudFront gets 403, or 404 from CloudFront", () => {
        const listeners = aws("aws:lb/listener:Listener");
        assert.deepEqual(
          listeners.map((l) => [l.inputs.protocol, l.inputs.port]),
          [["HTTPS", 443]],
          "no port 80: CloudFront redirects viewers' HTTP",
        );
        const [https] = listeners;
        assert.equal(https.inputs.sslPolicy, settings.edge.tlsPolicy);
        assert.match(https.inputs.sslPolicy, /TLS13/);
        assert.equal(
          https.inputs.certificateArn,
          aws("aws:acm/certificateValidation:CertificateValidation").find((v) => v.name === "domain-certificate")!.inputs.certificateArn,
        );
        assert.deepEqual(https.inputs.defaultActions[0].fixedResponse, {
          statusCode: "403",
          contentType: "application/json",
          messageBody: JSON.stringify({ title: "Forbidden", status: 403 }),
        });
        const notFound = aws("aws:lb/listenerRule:ListenerRule").find((r) => r.inputs.actions[0].type === "fixed-response")!;
        assert.equal(notFound.inputs.actions[0].fixedResponse.statusCode, "404");
        assert.deepEqual(aws("aws:wafv2/webAclAssociation:WebAclAssociation"), [], "the web ACL sits on CloudFront (infra/cdn)");
        for (const group of aws("aws:lb/targetGroup:TargetGroup")) {
          assert.equal(group.inputs.targetType, "ip");
          assert.equal(group.inputs.healthCheck.path, CONTAINER.readinessPath);
        }
        // The load balancer is IPv4 only; the shop host's aliases point at CloudFront (tests/infra/cdn-suite.ts).
        assert.equal(aws("aws:lb/loadBalancer:LoadBalancer")[0].inputs.ipAddressType, "ipv4");
        assert.ok(
          aws("aws:route53/record:Record")
            .filter((r) => r.inputs.aliases)
            .every((r) => !dependsOn(r, "aws:lb/loadBalancer:LoadBalancer", "shop-edge-alb")),
        );
      });

      it("binds each public service to its target group, deleted before the controller and the target group on destroy", () => {
        const bindings = ofKind(objects, "TargetGroupBinding");
        const publicServices = [...new Set(publicRoutes().map((r) => r.service))];
        assert.deepEqual(bindings.map((b) => b.spec.serviceRef.name).sort(), [...publicServices].sort());
        for (const binding of bindings) {
          const service = ofKind(objects, "Service").find((s) => s.metadata.name === binding.spec.serviceRef.name)!;
          assert.equal(binding.spec.serviceRef.port, service.spec.ports[0].port);
          assert.equal(binding.spec.targetType, "ip");
          assert.ok(
            dependsOn(binding.registration, "kubernetes:helm.sh/v3:Release", "cluster-lb-controller"),
            "binding depends on the controller",
          );
          assert.ok(
            dependsOn(binding.registration, "aws:lb/targetGroup:TargetGroup", `shop-edge-${service.metadata.name}`),
            "binding depends on its target group",
          );
          assert.ok(dependsOn(binding.registration, "kubernetes:core/v1:Service", service.metadata.name));
        }
        assert.deepEqual(ofKind(objects, "Ingress"), [], "no Ingress: the ALB is Pulumi's");
        assert.ok(
          ofKind(objects, "Service").every((s) => s.spec.type === "ClusterIP"),
          "no Service creates a load balancer",
        );
      });
    });

    it("sends every alert to the configured webhook, read from a mounted Secret, and scrapes no EKS-managed control-plane part", () => {
      const release = aws("kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === "kube-prometheus-stack")!;
      const { values } = release.inputs;
      for (const part of ["kubeControllerManager", "kubeScheduler", "kubeEtcd"]) assert.equal(values[part]?.enabled, false, part);
      const { config, alertmanagerSpec } = values.alertmanager;
      const receivers = new Map(config.receivers.map((r: any) => [r.name, r]));
      const used = [config.route.receiver, ...config.route.routes.map((r: any) => r.receiver)];
      assert.ok(
        used.every((name: string) => receivers.has(name)),
        "every route names a receiver",
      );
      const [slack] = (receivers.get(config.route.receiver) as any).slack_configs;
      const [secretName] = alertmanagerSpec.secrets;
      const secret = ofKind(objects, "Secret").find(
        (s) => s.metadata.name === secretName && s.metadata.namespace === settings.observability.namespace,
      )!;
      const key = Object.keys(secret.stringData)[0];
      assert.equal(slack.api_url_file, `/etc/alertmanager/secrets/${secretName}/${key}`, "the operator mounts the Secret there");
      assert.equal(secret.stringData[key], JSON.parse(JSON.stringify(stackConfig(stack)))["eshop:alertWebhookUrl"]);
      assert.doesNotMatch(JSON.stringify(values), /hooks\.slack\.com/, "the webhook never sits in the Helm values");
      assert.ok(dependsOn(release, "kubernetes:core/v1:Secret", secret.registration.name));
    });

    it("monitors every service: ServiceMonitor, alert rules and a Grafana dashboard, after the chart's CRDs", () => {
      const monitors = ofKind(objects, "ServiceMonitor");
      assert.deepEqual(monitors.map((m) => m.metadata.name).sort(), settings.services.map((s) => s.name).sort());
      for (const monitor of monitors) {
        assert.deepEqual(
          monitor.spec.endpoints.map((e: any) => [e.port, e.path]),
          [["http", CONTAINER.metricsPath]],
        );
        assert.ok(dependsOn(monitor.registration, "kubernetes:helm.sh/v3:Release", "monitoring"));
      }
      const [rules] = ofKind(objects, "PrometheusRule");
      const alerts = rules.spec.groups.flatMap((g: any) => g.rules);
      assert.deepEqual(
        alerts.map((a: any) => a.alert),
        [
          "EShopHighErrorRate",
          "EShopHighLatencyP99",
          "EShopPodRestarting",
          "EShopAutoscalerAtMax",
          "EShopPaymentDeclinesSpike",
          "EShopLateVendorApproval",
        ],
      );
      assert.match(alerts[5].expr, /increase\(eshop_payments_late_approvals_total\{.*service="payment-service"\}\[15m\]\)/);
      assert.match(alerts[1].expr, /http_server_request_duration_seconds_bucket/);
      const [dashboard] = ofKind(objects, "ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard === "1");
      const model = JSON.parse(dashboard.data["eshop-services.json"]);
      for (const service of settings.services)
        assert.ok(
          model.panels.some((p: any) => p.title.startsWith(`${service.name}:`)),
          service.name,
        );
    });
  });
}
