// argo_rollout_paused {namespace, name, step}: the Rollout is Paused with status.currentStepIndex =
// step (e.g. at a canary pause step after a setWeight). Degraded fails at once, and so does a
// Rollout that finished its steps (fully promoted) or has fewer steps: it will not pause there.
import { z } from "zod";
import type { IntentKind } from "../types.ts";
import { describeRolloutArgs, rolloutArgs, watchRollout } from "./argo-rollout-target.ts";

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
  prepare: (args, kube, signal) =>
    watchRollout(args, kube, signal, (_rollout, state, observed) => {
      if (state.phase === "Paused" && state.step?.index === args.step) return { status: "passed", observed };
      if (state.phase === "Degraded") return { status: "failed", observed };
      if (state.step && args.step >= state.step.count) {
        return { status: "failed", observed: `${observed}; it has only ${state.step.count} steps` };
      }
      if (state.phase === "Healthy" && state.fullyPromoted) return { status: "failed", observed };
      return { status: "waiting", observed };
    }),
};
