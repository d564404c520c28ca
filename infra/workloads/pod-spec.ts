import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Resources } from "../../stacks";
import { CONTAINER, PRE_STOP_SECONDS, TERMINATION_GRACE_SECONDS } from "./contract";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;

export interface PodSpecArgs {
  container: string;
  image: pulumi.Input<string>;
  port: number;
  resources: Resources;
  serviceAccountName: pulumi.Input<string>;
  configMapName: pulumi.Input<string>;
  secretName: pulumi.Input<string>;
}

/** Pod Security "restricted": non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp. */
export const RESTRICTED_CONTAINER_SECURITY: k8s.types.input.core.v1.SecurityContext = {
  runAsNonRoot: true,
  runAsUser: CONTAINER.uid,
  runAsGroup: CONTAINER.uid,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  privileged: false,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

const RESTRICTED_POD_SECURITY: k8s.types.input.core.v1.PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: CONTAINER.uid,
  runAsGroup: CONTAINER.uid,
  fsGroup: CONTAINER.uid,
  seccompProfile: { type: "RuntimeDefault" },
};

const TMP_VOLUME = "tmp";

function container(args: PodSpecArgs): Container {
  return {
    name: args.container,
    image: args.image,
    imagePullPolicy: "IfNotPresent",
    envFrom: [{ configMapRef: { name: args.configMapName } }, { secretRef: { name: args.secretName } }],
    resources: args.resources,
    securityContext: RESTRICTED_CONTAINER_SECURITY,
    volumeMounts: [{ name: TMP_VOLUME, mountPath: CONTAINER.tmpPath }],
  };
}

function podSpec(args: PodSpecArgs, main: Container, extra: Partial<PodSpec>): PodSpec {
  return {
    serviceAccountName: args.serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: RESTRICTED_POD_SECURITY,
    containers: [main],
    volumes: [{ name: TMP_VOLUME, emptyDir: { sizeLimit: "64Mi" } }],
    ...extra,
  };
}

/** A long-running service: probes, a preStop pause and a grace period covering it and the app's shutdown. */
export function serverPodSpec(args: PodSpecArgs, spreadSelector: Record<string, string>): PodSpec {
  const probe = (path: string) => ({ httpGet: { path, port: "http" as const }, timeoutSeconds: 2 });
  const main: Container = {
    ...container(args),
    ports: [{ name: "http", containerPort: args.port, protocol: "TCP" }],
    // Startup allows 60 s for the first /healthz; only then do liveness and readiness count.
    startupProbe: { ...probe(CONTAINER.livenessPath), periodSeconds: 2, failureThreshold: 30 },
    livenessProbe: { ...probe(CONTAINER.livenessPath), periodSeconds: 10, failureThreshold: 3 },
    readinessProbe: { ...probe(CONTAINER.readinessPath), periodSeconds: 5, failureThreshold: 2 },
    // `sleep` is a kubelet action (no shell or binary needed in the image; GA since Kubernetes 1.32).
    lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SECONDS } } },
  };
  // Zones are a hard rule (the autoscaler adds a node in the zone that needs it); nodes a soft one.
  // matchLabelKeys computes the skew per rollout revision, so old pods do not block new ones.
  const spread = (topologyKey: string, whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway") => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: spreadSelector },
    matchLabelKeys: ["pod-template-hash"],
  });
  return podSpec(args, main, {
    terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
    topologySpreadConstraints: [spread("topology.kubernetes.io/zone", "DoNotSchedule"), spread("kubernetes.io/hostname", "ScheduleAnyway")],
  });
}

/** A run-to-completion pod (the migration Job): never restarted in place, the Job retries it. */
export function jobPodSpec(args: PodSpecArgs, commandArgs: readonly string[]): PodSpec {
  return podSpec(args, { ...container(args), args: [...commandArgs] }, { restartPolicy: "Never" });
}
