// What the Argo Rollout intents share: `{namespace, name}` naming one Rollout, resolved through
// discovery (a cluster without Argo Rollouts fails the intent at once), and the words they report.
import { z } from "zod";
import { describeState, type RolloutState, rolloutState } from "../../../tools/argo/rollout-state.ts";
import { type Rollout, rolloutApiVersion } from "../../../tools/argo/rollouts.ts";
import type { KubeClients } from "../../../tools/kubernetes/client.ts";
import { namespaceName, objectName } from "../../../tools/shared/validation.ts";
import { type Observation, type PreparedIntent, VerifyError } from "../types.ts";
import { type ObjectTarget, resolveObjectTarget } from "./object-target.ts";

export const rolloutArgs = { namespace: namespaceName, name: objectName };
export const RolloutArgsSchema = z.strictObject(rolloutArgs);
export type RolloutArgs = z.output<typeof RolloutArgsSchema>;

export function describeRolloutArgs(args: RolloutArgs): string {
  return `Rollout "${args.name}" in namespace "${args.namespace}"`;
}

export async function resolveRolloutTarget(
  args: RolloutArgs,
  kube: KubeClients,
  signal: AbortSignal,
): Promise<ObjectTarget> {
  try {
    return await resolveObjectTarget(
      { namespace: args.namespace, kind: "Rollout", apiVersion: rolloutApiVersion, name: args.name },
      kube,
      signal,
    );
  } catch (error) {
    if (error instanceof VerifyError) {
      throw new VerifyError(
        `The cluster does not serve Argo Rollouts (rollouts.argoproj.io/v1alpha1), so ${describeRolloutArgs(args)} cannot be checked; install Argo Rollouts or check the cluster.`,
      );
    }
    throw error;
  }
}

/** `Paused (CanaryPauseStep) at step 1/3, stable 5d8f, canary 7c9b, 1/4 updated, 4 available`. */
export function observedState(state: RolloutState): string {
  const hashes =
    state.stableHash === state.canaryHash
      ? `stable ${state.stableHash ?? "none"}`
      : `stable ${state.stableHash ?? "none"}, canary ${state.canaryHash ?? "none"}`;
  const { desired, updated, available } = state.replicas;
  return `${describeState(state)}, ${hashes}, ${updated}/${desired} updated, ${available} available`;
}

/**
 * Watches the one Rollout `args` names and judges each state of it; a Rollout not there (yet) is
 * waited for. `judge` gets the Rollout, its state and the state in words.
 */
export async function watchRollout(
  args: RolloutArgs,
  kube: KubeClients,
  signal: AbortSignal,
  judge: (rollout: Rollout, state: RolloutState, observed: string) => Observation,
): Promise<PreparedIntent> {
  const target = await resolveRolloutTarget(args, kube, signal);
  return {
    query: target.query,
    evaluate(objects) {
      const rollout = objects[0] as Rollout | undefined;
      if (!rollout) return { status: "waiting", observed: `${target.description} does not exist` };
      const state = rolloutState(rollout);
      return judge(rollout, state, observedState(state));
    },
  };
}
