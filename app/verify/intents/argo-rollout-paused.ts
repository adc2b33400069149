// argo_rollout_paused {namespace, name, step}: the Rollout is Paused with status.currentStepIndex =
// step (e.g. at a canary pause step after a setWeight). Degraded fails at once, and so does a
// Rollout that finished its steps (fully promoted) or has fewer steps: it will not pause there.
import { z } from "zod";
import { rolloutState } from "../../../tools/argo/rollout-state.ts";
import type { Rollout } from "../../../tools/argo/rollouts.ts";
import type { IntentKind } from "../types.ts";
import {
  describeRolloutArgs,
  observedState,
  resolveRolloutTarget,
  rolloutArgs,
} from "./argo-rollout-target.ts";

const PausedArgsSchema = z.strictObject({
  ...rolloutArgs,
  step: z.int().min(0).max(1000).describe("The canary step index the Rollout should be paused at"),
});
type PausedArgs = z.output<typeof PausedArgsSchema>;

const expected = (args: PausedArgs) => `${describeRolloutArgs(args)} is Paused at step ${args.step}`;

export const argoRolloutPaused: IntentKind<PausedArgs> = {
  check: "argo_rollout_paused",
  args: PausedArgsSchema,
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
        if (state.phase === "Paused" && state.step?.index === args.step)
          return { status: "passed", observed };
        if (state.phase === "Degraded") return { status: "failed", observed };
        if (state.step && args.step >= state.step.count) {
          return { status: "failed", observed: `${observed}; it has only ${state.step.count} steps` };
        }
        if (state.phase === "Healthy" && state.fullyPromoted) return { status: "failed", observed };
        return { status: "waiting", observed };
      },
    };
  },
};
