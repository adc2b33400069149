// Argo Rollouts to seed the Kubernetes emulator with, and helpers the Argo tests share: reading a
// stored Rollout, changing it as a client would, and waiting (with a deadline) for its controller.
import type { KubeEmulator } from "../../emulators/kube/index.ts";
import type { KubeObject } from "../../emulators/kube/types.ts";
import { eventually, namespace } from "../kubernetes/object-fixtures.ts";

export { namespace, namespaceObject } from "../kubernetes/object-fixtures.ts";

type Json = Record<string, unknown>;

export interface RolloutOptions {
  replicas?: number;
  image?: string;
  steps?: Json[];
  namespace?: string;
  progressDeadlineSeconds?: number;
}

export const defaultSteps: Json[] = [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }];

export function rolloutObject(name: string, options: RolloutOptions = {}): KubeObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name, namespace: options.namespace ?? namespace },
    spec: {
      replicas: options.replicas ?? 4,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: options.image ?? "nginx:1.25" }] },
      },
      strategy: { canary: { steps: options.steps ?? defaultSteps } },
      ...(options.progressDeadlineSeconds
        ? { progressDeadlineSeconds: options.progressDeadlineSeconds }
        : {}),
    },
  };
}

function rolloutType(emulator: KubeEmulator) {
  const type = emulator.store.registry.byKind("argoproj.io/v1alpha1", "Rollout");
  if (!type) throw new Error("the emulator does not serve Rollouts");
  return type;
}

export function storedRollout(emulator: KubeEmulator, name: string, ns = namespace): KubeObject {
  const object = emulator.store.get(rolloutType(emulator), ns, name);
  if (!object) throw new Error(`Rollout ${ns}/${name} is not stored`);
  return object;
}

export function rolloutStatus(emulator: KubeEmulator, name: string, ns = namespace): Json {
  return (storedRollout(emulator, name, ns).status ?? {}) as Json;
}

/** Changes the stored Rollout as a client's update would (status: through the status subresource). */
export function changeRollout(
  emulator: KubeEmulator,
  name: string,
  edit: (rollout: KubeObject) => void,
  subresource?: "status",
): void {
  const object = storedRollout(emulator, name);
  edit(object);
  emulator.store.update(rolloutType(emulator), object, subresource ? { subresource } : {});
}

export function setRolloutImage(emulator: KubeEmulator, name: string, image: string): void {
  changeRollout(emulator, name, (object) => {
    const template = (object.spec as Json).template as { spec: { containers: Json[] } };
    template.spec.containers = [{ name: "app", image }];
  });
}

/** Waits until the stored Rollout's status satisfies `check`. */
export function waitForRollout(
  emulator: KubeEmulator,
  name: string,
  check: (status: Json) => boolean,
  timeoutMs = 8000,
): Promise<Json> {
  return eventually(() => {
    const status = rolloutStatus(emulator, name);
    return check(status) ? status : undefined;
  }, timeoutMs);
}

/** Seeds a Rollout, waits for it to be Healthy, sets a new image and waits for the first pause step. */
export async function pausedCanary(
  emulator: KubeEmulator,
  name: string,
  options: RolloutOptions = {},
): Promise<{ stable: string; canary: string }> {
  emulator.seed([rolloutObject(name, options)]);
  const healthy = await waitForRollout(emulator, name, (s) => s.phase === "Healthy");
  setRolloutImage(emulator, name, "nginx:1.27");
  const paused = await waitForRollout(
    emulator,
    name,
    (s) => s.phase === "Paused" && s.currentStepIndex === 1,
  );
  return { stable: String(healthy.stableRS), canary: String(paused.currentPodHash) };
}
