// Workload objects to seed the Kubernetes emulator with, and helpers the workload tool tests share:
// reading stored objects directly, and polling a tool with a deadline instead of sleeping. What the
// object tool tests need too (the namespace, diff lines, store types) lives in object-fixtures.ts.

import type { KubeEmulator } from "../../emulators/kube/index.ts";
import type { KubeObject } from "../../emulators/kube/types.ts";
import type { McpHarness } from "../../support/mcp-harness.ts";
import {
  type MutationData,
  namespace,
  changedLines as objectChangedLines,
  typeOf,
} from "./object-fixtures.ts";

export { type MutationData, namespace, namespaceObject } from "./object-fixtures.ts";

interface Options {
  replicas?: number;
  image?: string;
  /** Extra containers after the first ("app"). */
  sidecars?: Array<{ name: string; image: string }>;
  initContainers?: Array<{ name: string; image: string }>;
  annotations?: Record<string, string>;
  paused?: boolean;
  progressDeadlineSeconds?: number;
  /** Defaults to `namespace` ("shop"). */
  namespace?: string;
}

function podTemplate(name: string, options: Options) {
  return {
    metadata: { labels: { app: name } },
    spec: {
      ...(options.initContainers ? { initContainers: options.initContainers } : {}),
      containers: [{ name: "app", image: options.image ?? "nginx:1.25" }, ...(options.sidecars ?? [])],
    },
  };
}

function workload(kind: string, name: string, options: Options, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: {
      name,
      namespace: options.namespace ?? namespace,
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: { selector: { matchLabels: { app: name } }, template: podTemplate(name, options), ...spec },
  };
}

export function deployment(name: string, options: Options = {}): KubeObject {
  return workload("Deployment", name, options, {
    replicas: options.replicas ?? 2,
    ...(options.paused ? { paused: true } : {}),
    ...(options.progressDeadlineSeconds ? { progressDeadlineSeconds: options.progressDeadlineSeconds } : {}),
  });
}

export function statefulSet(name: string, options: Options = {}): KubeObject {
  return workload("StatefulSet", name, options, { replicas: options.replicas ?? 2, serviceName: name });
}

export function daemonSet(name: string, options: Options = {}): KubeObject {
  return workload("DaemonSet", name, options, {});
}

export function replicaSet(name: string, options: Options = {}): KubeObject {
  return workload("ReplicaSet", name, options, { replicas: options.replicas ?? 2 });
}

/** The object as the emulator stores it right now (a deep copy), or undefined. */
export function stored(emulator: KubeEmulator, kind: string, name: string): KubeObject | undefined {
  return emulator.store.get(typeOf(emulator, "apps/v1", kind), namespace, name);
}

export function storedOrFail(emulator: KubeEmulator, kind: string, name: string): KubeObject {
  const object = stored(emulator, kind, name);
  if (!object) throw new Error(`${kind} ${namespace}/${name} is not in the emulator's store.`);
  return object;
}

export interface StoredTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Array<{ name: string; image: string }>;
    initContainers?: Array<{ name: string; image: string }>;
  };
}

/** The pod template of a stored workload. */
export function storedTemplate(emulator: KubeEmulator, kind: string, name: string): StoredTemplate {
  return (storedOrFail(emulator, kind, name).spec as { template: StoredTemplate }).template;
}

/** Polls `probe` until `accept` holds or the deadline passes; the error shows the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 10_000, what = "condition" }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs}ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    // A short pause between polls, bounded by the deadline above (not a fixed wait for an outcome).
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface RolloutStatus {
  done: boolean;
  failed: boolean;
  message: string;
  generation: number;
  observedGeneration: number;
  revision?: number;
  replicas: { desired: number; current: number; updated: number; ready: number; available: number };
  conditions: Array<{ type: string; status: string; reason?: string }>;
}

export type WorkloadArgs = {
  namespace: string;
  kind: string;
  name: string;
};

export function status(harness: McpHarness, ref: WorkloadArgs): Promise<RolloutStatus> {
  return harness.ok<RolloutStatus>("k8s_rollout_status", { ...ref });
}

/**
 * Seeds Deployment `name` with the first image, then moves it to each of the others with k8s_set_image,
 * waiting for every rollout: it ends fully rolled out with one revision per image.
 */
export async function deploymentWithRevisions(
  harness: McpHarness,
  name: string,
  [firstImage, ...laterImages]: [string, ...string[]],
  options: Omit<Options, "image"> = {},
): Promise<WorkloadArgs> {
  harness.emulator.seed([deployment(name, { ...options, image: firstImage })]);
  const ref = { namespace: options.namespace ?? namespace, kind: "Deployment", name };
  await rolledOut(harness, ref);
  for (const image of laterImages) {
    await harness.ok("k8s_set_image", { ...ref, image });
    await rolledOut(harness, ref);
  }
  return ref;
}

/** Waits until k8s_rollout_status says the rollout is done. */
export function rolledOut(
  harness: McpHarness,
  ref: WorkloadArgs,
  timeoutMs = 10_000,
): Promise<RolloutStatus> {
  return eventually(
    () => status(harness, ref),
    (s) => s.done,
    { timeoutMs, what: `${ref.kind} ${ref.name} to roll out` },
  );
}

/** The added/removed lines of a tool's diff without file headers or indentation, e.g. "+replicas: 4". */
export function changedLines(data: MutationData): string[] {
  return data.objects
    .flatMap((o) => objectChangedLines(o.diff))
    .map((line) => `${line[0]}${line.slice(1).trim()}`);
}
