// core/v1 Events as the controllers and the kubelet record them, so `kubectl describe` and
// `kubectl get events` show a believable history (Scheduled, Pulling, Started, ScalingReplicaSet, ...).
import type { KubeObject } from "../types.ts";
import { type ControllerContext, NODE_NAME } from "./context.ts";

export interface EventSource {
  component: string;
  host?: string;
}

export const SCHEDULER: EventSource = { component: "default-scheduler" };
export const KUBELET: EventSource = { component: "kubelet", host: NODE_NAME };
export const DEPLOYMENT_CONTROLLER: EventSource = { component: "deployment-controller" };
export const REPLICASET_CONTROLLER: EventSource = { component: "replicaset-controller" };
export const STATEFULSET_CONTROLLER: EventSource = { component: "statefulset-controller" };
export const DAEMONSET_CONTROLLER: EventSource = { component: "daemonset-controller" };

export interface EventSpec {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  source: EventSource;
  /** e.g. `spec.containers{web}` for container events. */
  fieldPath?: string;
}

export function recordEvent(ctx: ControllerContext, involved: KubeObject, event: EventSpec): void {
  const now = ctx.now();
  const involvedObject: Record<string, unknown> = {
    apiVersion: involved.apiVersion,
    kind: involved.kind,
    name: involved.metadata.name,
    namespace: involved.metadata.namespace,
    uid: involved.metadata.uid,
    resourceVersion: involved.metadata.resourceVersion,
  };
  if (event.fieldPath) involvedObject.fieldPath = event.fieldPath;
  const record: KubeObject = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: eventName(involved.metadata.name ?? ""), namespace: involved.metadata.namespace },
    involvedObject,
    reason: event.reason,
    message: event.message,
    source: event.source.host ? { ...event.source } : { component: event.source.component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: event.type,
    eventTime: null,
    reportingComponent: event.source.component,
    reportingInstance: event.source.host ?? "",
  };
  try {
    ctx.store.create(ctx.types.events, record);
  } catch {
    // Events are best effort on a real cluster too (e.g. the namespace is being deleted).
  }
}

let lastNanos = 0n;

/** `<object>.<hex nanoseconds>` like the real recorder, so names sort in the order events happened. */
function eventName(objectName: string): string {
  const nanos = BigInt(Date.now()) * 1_000_000n;
  lastNanos = nanos > lastNanos ? nanos : lastNanos + 1n;
  return `${objectName}.${lastNanos.toString(16)}`;
}
