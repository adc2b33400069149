// Test harness for the reconciler: a real ObjectStore with namespaces, a running reconciler, and
// waitFor(), which re-checks a condition on every store event and on a short poll until a deadline.
import { ResourceRegistry } from "../resources.ts";
import { ObjectStore } from "../store.ts";
import type { KubeObject, ResourceType } from "../types.ts";
import { type Reconciler, startReconciler } from "./index.ts";

export interface Harness {
  store: ObjectStore;
  reconciler: Reconciler;
  type(apiVersion: string, kind: string): ResourceType;
  get(kind: string, name: string, namespace?: string): KubeObject | undefined;
  list(kind: string, namespace?: string): KubeObject[];
  create(object: KubeObject): KubeObject;
  /** Read-modify-write through the main resource (as a client's PUT would). */
  change(kind: string, name: string, edit: (object: KubeObject) => void): KubeObject;
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  stop(): void;
}

const API_VERSIONS: Record<string, string> = {
  Deployment: "apps/v1",
  ReplicaSet: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  ControllerRevision: "apps/v1",
  Pod: "v1",
  Event: "v1",
  Namespace: "v1",
};

export function startHarness(options: { readyDelayMs?: number; brokenImagePattern?: RegExp } = {}): Harness {
  const registry = new ResourceRegistry();
  const store = new ObjectStore(registry);
  const type = (apiVersion: string, kind: string) => {
    const found = registry.byKind(apiVersion, kind);
    if (!found) throw new Error(`no resource type ${apiVersion} ${kind}`);
    return found;
  };
  const typeOf = (kind: string) => type(API_VERSIONS[kind] ?? "v1", kind);
  for (const name of ["default", "shop"]) {
    store.create(typeOf("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  const reconciler = startReconciler(store, {
    readyDelayMs: options.readyDelayMs ?? 20,
    brokenImagePattern: options.brokenImagePattern ?? /broken|does-not-exist/,
  });

  const harness: Harness = {
    store,
    reconciler,
    type,
    get: (kind, name, namespace = "shop") => store.get(typeOf(kind), namespace, name),
    list: (kind, namespace = "shop") => store.list(typeOf(kind), { namespace }).items,
    create: (object) => store.create(typeOf(object.kind), object),
    change(kind, name, edit) {
      const current = harness.get(kind, name);
      if (!current) throw new Error(`${kind} ${name} does not exist`);
      edit(current);
      return store.update(typeOf(kind), current);
    },
    waitFor(what, check, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        let lastError: unknown;
        const attempt = () => {
          try {
            const value = check();
            if (value !== undefined && value !== false) {
              finish();
              resolve(value);
            }
          } catch (error) {
            lastError = error;
          }
        };
        const unsubscribe = store.subscribe(() => queueMicrotask(attempt));
        const poll = setInterval(attempt, 10);
        const deadline = setTimeout(() => {
          finish();
          const detail = lastError instanceof Error ? ` (last check threw: ${lastError.message})` : "";
          reject(new Error(`timed out after ${timeoutMs}ms waiting for ${what}${detail}`));
        }, timeoutMs);
        const finish = () => {
          unsubscribe();
          clearInterval(poll);
          clearTimeout(deadline);
        };
        attempt();
      });
    },
    stop: () => reconciler.stop(),
  };
  return harness;
}

export function deploymentManifest(
  name: string,
  options: {
    replicas?: number;
    image?: string;
    annotations?: Record<string, string>;
    spec?: Record<string, unknown>;
  } = {},
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "shop", labels: { app: name }, annotations: options.annotations },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "web", image: options.image ?? "nginx:1.27" }] },
      },
      ...options.spec,
    },
  };
}

type Status = Record<string, number | undefined | unknown[]>;

/** kubectl's DeploymentStatusViewer, line for line: what `kubectl rollout status deploy/x` prints. */
export function kubectlRolloutStatus(deployment: KubeObject): { done: boolean; message: string } {
  const name = deployment.metadata.name;
  const status = (deployment.status ?? {}) as Status;
  const spec = deployment.spec as { replicas?: number };
  const n = (value: unknown) => (typeof value === "number" ? value : 0);
  if ((deployment.metadata.generation ?? 0) <= n(status.observedGeneration)) {
    const progressing = ((status.conditions ?? []) as { type: string; reason: string }[]).find(
      (c) => c.type === "Progressing",
    );
    if (progressing?.reason === "ProgressDeadlineExceeded") {
      return { done: false, message: `deployment "${name}" exceeded its progress deadline` };
    }
    if (spec.replicas !== undefined && n(status.updatedReplicas) < spec.replicas) {
      return {
        done: false,
        message: `Waiting for deployment "${name}" rollout to finish: ${n(status.updatedReplicas)} out of ${spec.replicas} new replicas have been updated...`,
      };
    }
    if (n(status.replicas) > n(status.updatedReplicas)) {
      return {
        done: false,
        message: `Waiting for deployment "${name}" rollout to finish: ${n(status.replicas) - n(status.updatedReplicas)} old replicas are pending termination...`,
      };
    }
    if (n(status.availableReplicas) < n(status.updatedReplicas)) {
      return {
        done: false,
        message: `Waiting for deployment "${name}" rollout to finish: ${n(status.availableReplicas)} of ${n(status.updatedReplicas)} updated replicas are available...`,
      };
    }
    return { done: true, message: `deployment "${name}" successfully rolled out` };
  }
  return { done: false, message: "Waiting for deployment spec update to be observed..." };
}

export function conditionOf(
  object: KubeObject | undefined,
  type: string,
): Record<string, string> | undefined {
  const conditions = ((object?.status as { conditions?: Record<string, string>[] } | undefined)?.conditions ??
    []) as Record<string, string>[];
  return conditions.find((c) => c.type === type);
}

export function imageOf(object: KubeObject): string | undefined {
  const spec = object.spec as { template?: { spec: PodSpecLike }; containers?: PodSpecLike["containers"] };
  return (spec.template?.spec.containers ?? spec.containers)?.[0]?.image;
}

type PodSpecLike = { containers: { name: string; image: string }[] };
