// argo_rollout_healthy {namespace, name}: the Rollout is Healthy (Argo's phase, read as the plugin
// reads it: the controller has observed the latest spec) and fully promoted. Degraded (aborted, or
// no progress within its deadline) fails at once: it will not become healthy without a change.
import { rolloutState } from "../../../tools/argo/rollout-state.ts";
import type { Rollout } from "../../../tools/argo/rollouts.ts";
import type { IntentKind } from "../types.ts";
import {
  describeRolloutArgs,
  observedState,
  type RolloutArgs,
  RolloutArgsSchema,
  resolveRolloutTarget,
} from "./argo-rollout-target.ts";

const expected = (args: RolloutArgs) => `${describeRolloutArgs(args)} is Healthy and fully promoted`;

export const argoRolloutHealthy: IntentKind<RolloutArgs> = {
  check: "argo_rollout_healthy",
  args: RolloutArgsSchema,
  expected,
  async prepare(args, kube, signal) {
    const target = await resolveRolloutTarget(args, kube, signal);
    return {
      query: target.query,
      evaluate(objects) {
        const rollout = objects[0] as Rollout | undefined;
        if (!rollout) return { status: "waiting", observed: `${target.description} does not exist` };
        const state = rolloutState(rollout);
        const observed = observedState(state);
        if (state.phase === "Degraded") return { status: "failed", observed };
        const healthy = state.phase === "Healthy" && state.fullyPromoted;
        return { status: healthy ? "passed" : "waiting", observed };
      },
    };
  },
};
