// argo_rollout_promoted {namespace, name}: the Rollout is fully promoted — its stable hash equals
// the current pod hash and status.currentStepIndex equals the number of canary steps (Argo's
// IsFullyPromoted), with the controller having observed the latest spec. Degraded fails at once.
import { rolloutPhase } from "../../../tools/argo/rollout-state.ts";
import type { IntentKind } from "../types.ts";
import {
  describeRolloutArgs,
  type RolloutArgs,
  RolloutArgsSchema,
  watchRollout,
} from "./argo-rollout-target.ts";

const expected = (args: RolloutArgs) =>
  `${describeRolloutArgs(args)} is fully promoted (stable hash = current hash, every step done)`;

export const argoRolloutPromoted: IntentKind<RolloutArgs> = {
  check: "argo_rollout_promoted",
  args: RolloutArgsSchema,
  expected,
  prepare: (args, kube, signal) =>
    watchRollout(args, kube, signal, (rollout, state, observed) => {
      if (state.phase === "Degraded") return { status: "failed", observed };
      const stepsDone = !state.step || state.step.index === state.step.count;
      const caughtUp = rolloutPhase(rollout).message !== "waiting for rollout spec update to be observed";
      const promoted = Boolean(state.stableHash) && state.fullyPromoted && stepsDone && caughtUp;
      return { status: promoted ? "passed" : "waiting", observed };
    }),
};
