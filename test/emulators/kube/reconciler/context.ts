// What every controller of the reconciler shares: the store and its resource types, the options, a
// clock, and write helpers that only write when something changed (so controllers that react to their
// own writes settle instead of looping) and that record managedFields as a real controller's writes do.
import { isDeepStrictEqual } from "node:util";
import { recordUpdateManager } from "../patch/index.ts";
import type { ObjectStore } from "../store.ts";
import { kubeTimestamp } from "../store.ts";
import type { KubeObject, OwnerReference, ResourceType } from "../types.ts";
import { apiVersionOf } from "../types.ts";
import type { WorkQueue } from "./work-queue.ts";

export interface ReconcilerOptions {
  /** Pods become Ready this long after they are created. */
  readyDelayMs: number;
  /** Pods with a container image matching this never become ready (ImagePullBackOff). */
  brokenImagePattern: RegExp;
}

export interface ResourceTypes {
  deployments: ResourceType;
  replicaSets: ResourceType;
  statefulSets: ResourceType;
  daemonSets: ResourceType;
  controllerRevisions: ResourceType;
  pods: ResourceType;
  events: ResourceType;
}

export const NODE_NAME = "emulator-node";
export const NODE_IP = "172.18.0.2";

export type Json = Record<string, unknown>;

export class ControllerContext {
  readonly store: ObjectStore;
  readonly types: ResourceTypes;
  readonly options: ReconcilerOptions;
  readonly queue: WorkQueue;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private nextPodIp = 10;

  constructor(store: ObjectStore, options: ReconcilerOptions, queue: WorkQueue) {
    this.store = store;
    this.options = options;
    this.queue = queue;
    this.types = {
      deployments: requireType(store, "apps/v1", "Deployment"),
      replicaSets: requireType(store, "apps/v1", "ReplicaSet"),
      statefulSets: requireType(store, "apps/v1", "StatefulSet"),
      daemonSets: requireType(store, "apps/v1", "DaemonSet"),
      controllerRevisions: requireType(store, "apps/v1", "ControllerRevision"),
      pods: requireType(store, "v1", "Pod"),
      events: requireType(store, "v1", "Event"),
    };
  }

  now(): string {
    return kubeTimestamp();
  }

  /** Objects of `type` in `namespace` whose controller is `owner` (and that are not being deleted). */
  controlledBy(type: ResourceType, owner: KubeObject): KubeObject[] {
    return this.store
      .list(type, { namespace: owner.metadata.namespace })
      .items.filter(
        (item) => controllerOf(item)?.uid === owner.metadata.uid && !item.metadata.deletionTimestamp,
      );
  }

  create(type: ResourceType, object: KubeObject, manager: string): KubeObject {
    const owned = recordUpdateManager({
      before: undefined,
      after: object,
      manager,
      now: this.now(),
      resource: type,
    });
    return this.store.create(type, owned);
  }

  /**
   * Read-modify-write of the stored object: `change` gets a fresh copy and returns the object to store
   * (or the same content to leave it alone). Returns what is stored afterwards, or undefined if it is gone.
   */
  modify(
    type: ResourceType,
    object: KubeObject,
    manager: string,
    change: (current: KubeObject) => KubeObject,
  ): KubeObject | undefined {
    const current = this.store.get(type, object.metadata.namespace, object.metadata.name ?? "");
    if (!current) return undefined;
    const next = change(structuredClone(current));
    if (isDeepStrictEqual(current, next)) return current;
    const owned = recordUpdateManager({
      before: current,
      after: next,
      manager,
      now: this.now(),
      resource: type,
    });
    return this.store.update(type, owned);
  }

  /** Writes a new .status through the status subresource unless it is unchanged. */
  modifyStatus(
    type: ResourceType,
    object: KubeObject,
    manager: string,
    status: (current: KubeObject) => Json,
  ): KubeObject | undefined {
    const current = this.store.get(type, object.metadata.namespace, object.metadata.name ?? "");
    if (!current) return undefined;
    const next = { ...current, status: status(structuredClone(current)) };
    if (isDeepStrictEqual(current.status, next.status)) return current;
    const owned = recordUpdateManager({
      before: current,
      after: next,
      manager,
      now: this.now(),
      resource: type,
      subresource: "status",
    });
    return this.store.update(type, owned, { subresource: "status" });
  }

  delete(type: ResourceType, object: KubeObject): void {
    this.store.delete(type, object.metadata.namespace, object.metadata.name ?? "");
  }

  /** Runs `task` on the work queue after `ms` (replacing an earlier timer with the same key). */
  after(timerKey: string, ms: number, queueKey: string, task: () => void): void {
    this.cancel(timerKey);
    const timer = setTimeout(() => {
      this.timers.delete(timerKey);
      this.queue.add(queueKey, task);
    }, ms);
    timer.unref();
    this.timers.set(timerKey, timer);
  }

  cancel(timerKey: string): void {
    const timer = this.timers.get(timerKey);
    if (timer) clearTimeout(timer);
    this.timers.delete(timerKey);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  allocatePodIp(): string {
    const n = this.nextPodIp++;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }
}

function requireType(store: ObjectStore, apiVersion: string, kind: string): ResourceType {
  const type = store.registry.byKind(apiVersion, kind);
  if (!type) throw new Error(`the reconciler needs ${apiVersion} ${kind}, which the registry does not serve`);
  return type;
}

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

export function controllerReference(owner: KubeObject, type: ResourceType): OwnerReference {
  return {
    apiVersion: apiVersionOf(type),
    kind: type.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The object's spec as a plain record (every workload here has one). */
export function specOf(object: KubeObject): Json {
  return (object.spec ?? {}) as Json;
}

export function statusOf(object: KubeObject): Json {
  return (object.status ?? {}) as Json;
}

export function numberField(record: Json, field: string, fallback = 0): number {
  const value = record[field];
  return typeof value === "number" ? value : fallback;
}

/** Status fields that are `omitempty` in the Go types are left out when zero, as a real server shows them. */
export function withoutZeros(status: Json, fields: string[]): Json {
  const result = { ...status };
  for (const field of fields) if (result[field] === 0) delete result[field];
  return result;
}
