/**
 * The Pod Security Standards' "restricted" profile (baseline included), rule by rule, as
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/ states them. Returns the
 * broken rules; an empty list means the pod spec is admitted under `enforce: restricted`.
 */
const RESTRICTED_VOLUME_TYPES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];
const BASELINE_CAPABILITIES = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];
const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

export function restrictedViolations(pod: any): string[] {
  const problems: string[] = [];
  const fail = (rule: string) => problems.push(rule);
  const podContext = pod.securityContext ?? {};
  const containers: any[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];

  // Baseline
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) fail("host namespaces are not allowed");
  for (const volume of pod.volumes ?? []) {
    if (volume.hostPath) fail(`volume ${volume.name}: hostPath is not allowed`);
    const type = Object.keys(volume).find((key) => key !== "name");
    if (!type || !RESTRICTED_VOLUME_TYPES.includes(type)) fail(`volume ${volume.name}: type ${type} is not allowed`);
  }
  for (const sysctl of podContext.sysctls ?? []) if (!SAFE_SYSCTLS.includes(sysctl.name)) fail(`sysctl ${sysctl.name} is not allowed`);
  if (podContext.seLinuxOptions?.user || podContext.seLinuxOptions?.role) fail("pod SELinux user/role must be unset");
  if (podContext.appArmorProfile?.type === "Unconfined") fail("pod AppArmor must not be Unconfined");

  // Restricted, pod level
  const podSeccomp = podContext.seccompProfile?.type;
  if (podSeccomp !== undefined && !["RuntimeDefault", "Localhost"].includes(podSeccomp)) fail(`pod seccomp ${podSeccomp} is not allowed`);
  if (podContext.runAsUser === 0) fail("pod runAsUser must not be 0");

  for (const container of containers) {
    const c = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (c.privileged) fail(`${where}: privileged`);
    for (const port of container.ports ?? []) if (port.hostPort) fail(`${where}: hostPort ${port.hostPort}`);
    if (c.procMount && c.procMount !== "Default") fail(`${where}: procMount ${c.procMount}`);
    if (c.seLinuxOptions?.user || c.seLinuxOptions?.role) fail(`${where}: SELinux user/role must be unset`);
    if (c.appArmorProfile?.type === "Unconfined") fail(`${where}: AppArmor Unconfined`);
    if (c.allowPrivilegeEscalation !== false) fail(`${where}: allowPrivilegeEscalation must be false`);
    if (c.runAsNonRoot !== true && !(podContext.runAsNonRoot === true && c.runAsNonRoot === undefined))
      fail(`${where}: runAsNonRoot must be true`);
    if (c.runAsUser === 0) fail(`${where}: runAsUser must not be 0`);
    const seccomp = c.seccompProfile?.type ?? podSeccomp;
    if (!["RuntimeDefault", "Localhost"].includes(seccomp)) fail(`${where}: seccomp must be RuntimeDefault or Localhost`);
    const drop: string[] = c.capabilities?.drop ?? [];
    if (!drop.includes("ALL")) fail(`${where}: capabilities must drop ALL`);
    for (const added of c.capabilities?.add ?? []) {
      if (added !== "NET_BIND_SERVICE") fail(`${where}: capability ${added} may not be added`);
      if (!BASELINE_CAPABILITIES.includes(added)) fail(`${where}: capability ${added} is not in the baseline set`);
    }
  }
  return problems;
}
