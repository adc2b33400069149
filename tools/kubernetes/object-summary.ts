// Compact views of objects for lists and summaries: age as kubectl prints it, ready/desired for
// workloads and pods, and objects without server bookkeeping nobody reads (managedFields).
import type { KubeObject } from "./object-rest.ts";

/** `45s`, `12m`, `3h20m`, `5d` — kubectl's AGE column. */
export function formatAge(timestamp: string | undefined, now = Date.now()): string {
  if (!timestamp) return "<unknown>";
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (Number.isNaN(seconds)) return "<unknown>";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 || hours >= 8 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return days < 8 && hours % 24 !== 0 ? `${days}d${hours % 24}h` : `${days}d`;
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function count(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

export const workloadKinds = ["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet"];

/** Ready and desired replicas of a workload, or undefined for other kinds. */
export function workloadReadiness(object: KubeObject): { ready: number; desired: number } | undefined {
  const spec = record(object.spec);
  const status = record(object.status);
  switch (object.kind) {
    case "Deployment":
    case "StatefulSet":
    case "ReplicaSet":
      return {
        ready: count(status.readyReplicas),
        desired: typeof spec.replicas === "number" ? spec.replicas : 1,
      };
    case "DaemonSet":
      return { ready: count(status.numberReady), desired: count(status.desiredNumberScheduled) };
    default:
      return undefined;
  }
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
}

function containerStatuses(pod: KubeObject): ContainerStatus[] {
  const statuses = record(pod.status).containerStatuses;
  return Array.isArray(statuses) ? (statuses as ContainerStatus[]) : [];
}

/** A pod's containers, ready count, restarts and waiting reasons, as `kubectl get pods` shows. */
export function podState(pod: KubeObject): {
  phase: string;
  ready: string;
  restarts: number;
  waitingReasons: string[];
  status: string;
} {
  const containers = record(pod.spec).containers;
  const total = Array.isArray(containers) ? containers.length : 0;
  const statuses = containerStatuses(pod);
  const phase = String(record(pod.status).phase ?? "Unknown");
  const waitingReasons = statuses.flatMap((s) => (s.state?.waiting?.reason ? [s.state.waiting.reason] : []));
  const terminated = statuses.flatMap((s) =>
    s.state?.terminated?.reason ? [s.state.terminated.reason] : [],
  );
  const deleting = pod.metadata?.deletionTimestamp !== undefined;
  return {
    phase,
    ready: `${statuses.filter((s) => s.ready).length}/${total}`,
    restarts: statuses.reduce((sum, s) => sum + count(s.restartCount), 0),
    waitingReasons,
    status: deleting ? "Terminating" : (waitingReasons[0] ?? terminated[0] ?? phase),
  };
}

export interface ObjectRow {
  name: string;
  namespace?: string;
  age: string;
  /** `ready/desired` for workloads, `ready/containers` for pods. */
  ready?: string;
  /** Pod status as kubectl prints it (phase or a waiting reason such as CrashLoopBackOff). */
  status?: string;
}

export function objectRow(object: KubeObject, now = Date.now()): ObjectRow {
  const metadata = object.metadata ?? {};
  const row: ObjectRow = {
    name: String(metadata.name ?? ""),
    age: formatAge(metadata.creationTimestamp, now),
  };
  if (metadata.namespace) row.namespace = metadata.namespace;
  const readiness = workloadReadiness(object);
  if (readiness) row.ready = `${readiness.ready}/${readiness.desired}`;
  if (object.kind === "Pod") {
    const state = podState(object);
    row.ready = state.ready;
    row.status = state.status;
  }
  return row;
}

/** The object without metadata.managedFields (long, and only useful to field managers). */
export function withoutManagedFields(object: KubeObject): KubeObject {
  if (!object.metadata || !("managedFields" in object.metadata)) return object;
  const { managedFields: _managed, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/** `3/3 ready` style status for a one-line summary, or "" when the kind has none. */
export function statusPhrase(object: KubeObject): string {
  const readiness = workloadReadiness(object);
  if (readiness) return `${readiness.ready}/${readiness.desired} ready`;
  if (object.kind === "Pod") {
    const state = podState(object);
    return `${state.status}, ${state.ready} ready, ${state.restarts} restarts`;
  }
  return "";
}

/**
 * The object without .status when its kind has a status subresource: writes to the object itself
 * cannot change it, and controllers updating it meanwhile would show as changes nobody made.
 */
export function withoutControllerStatus(
  object: KubeObject,
  resource: { subresources: string[] },
): KubeObject {
  if (!resource.subresources.includes("status") || !("status" in object)) return object;
  const { status: _status, ...rest } = object;
  return rest;
}
