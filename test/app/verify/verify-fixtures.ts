// What the verifier tests share: an emulator with clients, plan and intent builders, direct store
// changes (so a test controls exactly when the cluster reaches a state), and a request counter.

import { type Plan, PlanSchema, type PlanVerify } from "../../../app/plan/index.ts";
import { verifyIntent } from "../../../app/verify/index.ts";
import type { IntentResult } from "../../../app/verify/types.ts";
import { createKubeClients, type KubeClients } from "../../../tools/kubernetes/client.ts";
import {
  type KubeEmulator,
  type KubeEmulatorOptions,
  startKubeEmulator,
} from "../../emulators/kube/index.ts";
import type { KubeObject } from "../../emulators/kube/types.ts";
import { eventually, namespace, namespaceObject, typeOf } from "../../tools/kubernetes/object-fixtures.ts";

export { configMap, eventually, namespace, namespaceObject } from "../../tools/kubernetes/object-fixtures.ts";
export { daemonSet, deployment, statefulSet } from "../../tools/kubernetes/workload-fixtures.ts";

export interface VerifyCluster {
  emulator: KubeEmulator;
  kube: KubeClients;
  close(): Promise<void>;
}

export async function startVerifyCluster(options: KubeEmulatorOptions = {}): Promise<VerifyCluster> {
  const emulator = await startKubeEmulator({
    readyDelayMs: 20,
    ...options,
    seed: [namespaceObject(), ...(options.seed ?? [])],
  });
  return { emulator, kube: createKubeClients(emulator.kubeConfig()), close: () => emulator.close() };
}

export function intent(
  id: string,
  check: string,
  args: Record<string, unknown>,
  timeoutSeconds = 30,
): PlanVerify {
  return { id, check, args: args as PlanVerify["args"], timeoutSeconds };
}

export function planWith(verify: PlanVerify[]): Plan {
  return PlanSchema.parse({
    apiVersion: "skyflo/v1",
    kind: "Plan",
    metadata: {
      id: "42-verify",
      request: { text: "verify", by: "alice", url: "https://github.example/o/r/issues/42#issuecomment-1" },
      planner: "rules",
      createdAt: "2026-11-25T10:00:00Z",
    },
    steps: [{ id: "noop", tool: "k8s_get", args: {}, reason: "A step is required by the schema." }],
    verify,
  });
}

export function stored(
  emulator: KubeEmulator,
  apiVersion: string,
  kind: string,
  name: string,
): KubeObject | undefined {
  const type = typeOf(emulator, apiVersion, kind);
  return emulator.store.get(type, type.namespaced ? namespace : undefined, name);
}

/** Changes a stored object in place (the reconciler reacts as to any API write). */
export function modify(
  emulator: KubeEmulator,
  apiVersion: string,
  kind: string,
  name: string,
  change: (object: KubeObject) => void,
): KubeObject {
  const object = stored(emulator, apiVersion, kind, name);
  if (!object) throw new Error(`no ${kind} ${name} in the emulator`);
  change(object);
  return emulator.store.update(typeOf(emulator, apiVersion, kind), object);
}

export function remove(emulator: KubeEmulator, apiVersion: string, kind: string, name: string): void {
  emulator.store.delete(typeOf(emulator, apiVersion, kind), namespace, name);
}

/** Clients that count requests per path, and tell a test when one was answered. */
export function countingClients(
  kube: KubeClients,
  afterResponse?: (path: string) => void,
): { kube: KubeClients; count(path: string): number } {
  const counts = new Map<string, number>();
  return {
    kube: {
      ...kube,
      config: kube.config,
      async request(path, request) {
        const response = await kube.request(path, request);
        counts.set(path, (counts.get(path) ?? 0) + 1);
        afterResponse?.(path);
        return response;
      },
    },
    count: (path) => counts.get(path) ?? 0,
  };
}

/**
 * Shrinks timeoutSeconds for intents meant to time out: 1 s becomes 500 ms, long enough for discovery
 * and the first list on a loaded machine (so the timeout reports what was observed), short enough for tests.
 */
export const shortTimeScale = 0.5;

/** Runs one intent against the cluster (timeScale 1 unless given). */
export function verifyOne(cluster: VerifyCluster, entry: PlanVerify, timeScale = 1): Promise<IntentResult> {
  return verifyIntent(entry, cluster.kube, { timeScale });
}

/** Waits until a workload's status says every replica is available (read from the store). */
export async function rolledOut(
  emulator: KubeEmulator,
  kind: string,
  name: string,
  replicas: number,
): Promise<void> {
  await eventually(() => {
    const status = stored(emulator, "apps/v1", kind, name)?.status as
      | { availableReplicas?: number; readyReplicas?: number; numberAvailable?: number }
      | undefined;
    return (status?.availableReplicas ?? status?.readyReplicas ?? status?.numberAvailable) === replicas
      ? true
      : undefined;
  });
}
