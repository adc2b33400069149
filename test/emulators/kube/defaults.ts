// Server-side defaulting, as the real API server applies it on every create and update: clients
// that diff, apply or read back objects see the same fields they would see on a cluster.
import type { KubeObject } from "./types.ts";

type Json = Record<string, unknown>;

function record(parent: Json, key: string): Json {
  const value = parent[key];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Json;
  const created: Json = {};
  parent[key] = created;
  return created;
}

function setDefault(target: Json, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

function imagePullPolicy(image: unknown): string {
  if (typeof image !== "string") return "IfNotPresent";
  if (image.includes("@")) return "IfNotPresent";
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultContainers(list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (item === null || typeof item !== "object") continue;
    const c = item as Json;
    setDefault(c, "terminationMessagePath", "/dev/termination-log");
    setDefault(c, "terminationMessagePolicy", "File");
    setDefault(c, "imagePullPolicy", imagePullPolicy(c.image));
    setDefault(c, "resources", {});
    if (Array.isArray(c.ports)) {
      for (const port of c.ports)
        if (port && typeof port === "object") setDefault(port as Json, "protocol", "TCP");
    }
  }
}

function defaultPodSpec(spec: Json): void {
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "securityContext", {});
  setDefault(spec, "schedulerName", "default-scheduler");
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
}

function defaultPodTemplate(spec: Json): void {
  const template = record(spec, "template");
  defaultPodSpec(record(template, "spec"));
}

function defaultPod(obj: KubeObject, old: KubeObject | undefined): void {
  const spec = record(obj, "spec");
  defaultPodSpec(spec);
  setDefault(spec, "serviceAccountName", "default");
  setDefault(spec, "serviceAccount", spec.serviceAccountName);
  setDefault(spec, "enableServiceLinks", true);
  setDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
  setDefault(spec, "priority", 0);
  if (!old) {
    const status = record(obj, "status");
    setDefault(status, "phase", "Pending");
    setDefault(status, "qosClass", "BestEffort");
  }
}

function defaultService(
  obj: KubeObject,
  old: KubeObject | undefined,
  allocateClusterIP?: () => string,
): void {
  const spec = record(obj, "spec");
  setDefault(spec, "type", "ClusterIP");
  setDefault(spec, "sessionAffinity", "None");
  if (spec.type === "ExternalName") return;
  // Allocated values survive an update that omits them, as on a real server.
  const oldSpec = (old?.spec ?? {}) as Json;
  if (!spec.clusterIP) {
    const ip = oldSpec.clusterIP ?? allocateClusterIP?.();
    if (ip !== undefined) spec.clusterIP = ip;
    else delete spec.clusterIP;
  }
  if (spec.clusterIP !== undefined) setDefault(spec, "clusterIPs", oldSpec.clusterIPs ?? [spec.clusterIP]);
  setDefault(spec, "ipFamilies", ["IPv4"]);
  setDefault(spec, "ipFamilyPolicy", "SingleStack");
  setDefault(spec, "internalTrafficPolicy", "Cluster");
  if (Array.isArray(spec.ports)) {
    for (const item of spec.ports) {
      if (!item || typeof item !== "object") continue;
      const port = item as Json;
      setDefault(port, "protocol", "TCP");
      setDefault(port, "targetPort", port.port);
    }
  }
  if (!old) setDefault(obj, "status", { loadBalancer: {} });
}

function defaultWorkload(obj: KubeObject): void {
  const spec = record(obj, "spec");
  if (obj.kind !== "DaemonSet") setDefault(spec, "replicas", 1);
  defaultPodTemplate(spec);
  if (obj.kind === "ReplicaSet") return;
  setDefault(spec, "revisionHistoryLimit", 10);
  if (obj.kind === "Deployment") {
    setDefault(spec, "progressDeadlineSeconds", 600);
    const strategy = record(spec, "strategy");
    setDefault(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") {
      const rolling = record(strategy, "rollingUpdate");
      setDefault(rolling, "maxUnavailable", "25%");
      setDefault(rolling, "maxSurge", "25%");
    }
  }
  if (obj.kind === "StatefulSet") {
    setDefault(spec, "podManagementPolicy", "OrderedReady");
    const strategy = record(spec, "updateStrategy");
    setDefault(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") setDefault(record(strategy, "rollingUpdate"), "partition", 0);
    setDefault(spec, "persistentVolumeClaimRetentionPolicy", { whenDeleted: "Retain", whenScaled: "Retain" });
  }
  if (obj.kind === "DaemonSet") {
    const strategy = record(spec, "updateStrategy");
    setDefault(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") {
      const rolling = record(strategy, "rollingUpdate");
      setDefault(rolling, "maxUnavailable", 1);
      setDefault(rolling, "maxSurge", 0);
    }
  }
}

function defaultSecret(obj: KubeObject): void {
  setDefault(obj, "type", "Opaque");
  // stringData is write-only: the server folds it into base64 `data` and never stores it.
  const stringData = obj.stringData as Record<string, string> | undefined;
  if (stringData && typeof stringData === "object") {
    const data = record(obj, "data");
    for (const [key, value] of Object.entries(stringData)) {
      data[key] = Buffer.from(String(value), "utf8").toString("base64");
    }
  }
  delete obj.stringData;
}

function defaultNamespace(obj: KubeObject): void {
  const name = obj.metadata.name ?? "";
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
  setDefault(record(obj, "spec"), "finalizers", ["kubernetes"]);
  setDefault(record(obj, "status"), "phase", "Active");
}

/**
 * Fills server defaults into `obj` in place; `old` is the stored object on update. Without an
 * allocator, Service IPs are left to the store (a real server allocates them after field
 * management, so no manager owns them).
 */
export function applyDefaults(
  obj: KubeObject,
  old: KubeObject | undefined,
  allocateClusterIP?: () => string,
): void {
  if (obj.kind === "Namespace") defaultNamespace(obj);
  else if (obj.kind === "Pod") defaultPod(obj, old);
  else if (obj.kind === "Service") defaultService(obj, old, allocateClusterIP);
  else if (obj.kind === "Secret") defaultSecret(obj);
  else if (["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"].includes(obj.kind)) defaultWorkload(obj);
}
