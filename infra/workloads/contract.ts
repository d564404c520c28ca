/**
 * What every service container promises (the lead's contract between the parts): the port comes
 * from services/catalog.json, the rest is fixed for all services.
 */
export const CONTAINER = {
  /** The .NET images' non-root `app` user and group. */
  uid: 1654,
  livenessPath: "/healthz",
  readinessPath: "/readyz",
  metricsPath: "/metrics",
  /** The services stop accepting work on SIGTERM and finish in-flight requests within this time. */
  appShutdownSeconds: 20,
  /** Command of the db-service binary that applies the migrations and exits 0. */
  migrateArgs: ["migrate"],
  tmpPath: "/tmp",
} as const;

/**
 * The pod keeps serving this long after it is marked terminating, so the load balancer (IP
 * targets, deregistration seen through the readiness gate) and kube-proxy stop sending it traffic
 * before the app receives SIGTERM.
 */
export const PRE_STOP_SECONDS = 15;

/** Kubernetes kills the pod only after preStop plus the app's own shutdown, with a margin. */
export const TERMINATION_GRACE_SECONDS = PRE_STOP_SECONDS + CONTAINER.appShutdownSeconds + 10;

/** The ALB drains a deregistered target for this long; shorter than preStop plus shutdown. */
export const DEREGISTRATION_DELAY_SECONDS = 30;

/** How long the ALB waits for an answer; payment-service bounds every wait inside /pay below it. */
export const ALB_IDLE_TIMEOUT_SECONDS = 60;
