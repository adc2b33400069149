// A Rollout's state as the kubectl-argo-rollouts plugin reads it: the phase and message (Argo's
// GetRolloutPhase: the controller's status.phase once it has observed the spec and any unpause),
// the canary step, pause conditions, stable and canary hashes, replica counters.
import { z } from "zod";
import { templateImages } from "../kubernetes/workloads.ts";
import {
  type CanaryStep,
  canarySteps,
  currentStepIndex,
  isFullyPromoted,
  pauseConditions,
  type Rollout,
  revisionOf,
} from "./rollouts.ts";

export const rolloutStateOutput = z.object({
  namespace: z.string(),
  name: z.string(),
  strategy: z.enum(["canary", "blueGreen", "unknown"]),
  phase: z.string().describe("Healthy, Progressing, Paused or Degraded"),
  message: z.string().describe("Why the Rollout is in its phase, e.g. CanaryPauseStep or RolloutAborted: …"),
  paused: z.boolean().describe("spec.paused: paused by a person (`kubectl argo rollouts pause`)"),
  aborted: z.boolean().describe("status.abort: the update was aborted; the stable ReplicaSet serves"),
  fullyPromoted: z.boolean().describe("The stable hash equals the current pod hash: no update in progress"),
  step: z
    .object({
      index: z.number().int().describe("status.currentStepIndex"),
      count: z.number().int().describe("Number of canary steps"),
      current: z.string().optional().describe("The step at the index, e.g. `setWeight: 20` or `pause`"),
      steps: z
        .array(z.string())
        .describe("Every step in order: `setWeight: 20`, `pause` (until promoted), `pause: 30s`"),
    })
    .optional()
    .describe("Canary steps; absent for blue-green or a canary without steps"),
  pauseConditions: z.array(z.object({ reason: z.string(), startTime: z.string().optional() })),
  stableHash: z.string().optional().describe("status.stableRS: pod template hash of the stable ReplicaSet"),
  canaryHash: z
    .string()
    .optional()
    .describe("status.currentPodHash: pod template hash of the desired version"),
  revision: z.number().int().optional().describe("rollout.argoproj.io/revision of the current version"),
  replicas: z.object({
    desired: z.number().int(),
    current: z.number().int(),
    updated: z.number().int(),
    ready: z.number().int(),
    available: z.number().int(),
  }),
  images: z.array(z.object({ container: z.string(), image: z.string(), init: z.boolean() })),
});

export type RolloutState = z.infer<typeof rolloutStateOutput>;

/** Argo's CanaryStepString. */
export function describeStep(step: CanaryStep | undefined): string | undefined {
  if (!step) return undefined;
  if (typeof step.setWeight === "number") return `setWeight: ${step.setWeight}`;
  if (step.pause !== undefined) {
    const duration = step.pause?.duration;
    return duration === undefined
      ? "pause"
      : `pause: ${typeof duration === "number" ? `${duration}s` : duration}`;
  }
  for (const kind of [
    "experiment",
    "analysis",
    "setCanaryScale",
    "setHeaderRoute",
    "setMirrorRoute",
    "plugin",
  ]) {
    if (step[kind] !== undefined) return kind;
  }
  return "invalid";
}

/** Argo's GetRolloutPhase, as the plugin computes it client-side before trusting status.phase. */
export function rolloutPhase(rollout: Rollout): { phase: string; message: string } {
  const observed = Number(rollout.status?.observedGeneration);
  if (Number.isInteger(observed) && observed < (rollout.metadata.generation ?? 0)) {
    return { phase: "Progressing", message: "waiting for rollout spec update to be observed" };
  }
  if (rollout.status?.controllerPause === true && pauseConditions(rollout).length === 0) {
    return { phase: "Progressing", message: "waiting for rollout to unpause" };
  }
  if (rollout.status?.phase) return { phase: rollout.status.phase, message: rollout.status.message ?? "" };
  return { phase: "Progressing", message: "waiting for the Argo Rollouts controller to report a phase" };
}

export function rolloutState(rollout: Rollout): RolloutState {
  const status = rollout.status ?? {};
  const strategy = rollout.spec?.strategy?.canary
    ? "canary"
    : rollout.spec?.strategy?.blueGreen
      ? "blueGreen"
      : "unknown";
  const steps = canarySteps(rollout);
  const index = currentStepIndex(rollout);
  const revision = revisionOf(rollout);
  return {
    namespace: rollout.metadata.namespace ?? "",
    name: rollout.metadata.name ?? "",
    strategy,
    ...rolloutPhase(rollout),
    paused: rollout.spec?.paused === true,
    aborted: status.abort === true,
    fullyPromoted: isFullyPromoted(rollout),
    ...(strategy === "canary" && steps.length > 0
      ? {
          step: {
            index,
            count: steps.length,
            ...optional("current", describeStep(steps[index])),
            steps: steps.map((step) => describeStep(step) ?? "invalid"),
          },
        }
      : {}),
    pauseConditions: pauseConditions(rollout).map((c) => ({
      reason: String(c.reason ?? ""),
      ...optional("startTime", c.startTime),
    })),
    ...optional("stableHash", status.stableRS || undefined),
    ...optional("canaryHash", status.currentPodHash || undefined),
    ...(revision !== undefined ? { revision } : {}),
    replicas: {
      desired: typeof rollout.spec?.replicas === "number" ? rollout.spec.replicas : 1,
      current: status.replicas ?? 0,
      updated: status.updatedReplicas ?? 0,
      ready: status.readyReplicas ?? 0,
      available: status.availableReplicas ?? 0,
    },
    images: templateImages(rollout.spec?.template),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** `Paused (CanaryPauseStep) at step 1/3`, for summaries and verification. */
export function describeState(state: RolloutState): string {
  const why = state.message ? ` (${state.message})` : "";
  const step = state.step ? ` at step ${state.step.index}/${state.step.count}` : "";
  return `${state.phase}${why}${step}`;
}
