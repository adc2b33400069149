import type { IntentKind } from "../types.ts";
import {
  describeRolloutArgs,
  type RolloutArgs,
  RolloutArgsSchema,
  watchRollout,
} from "./argo-rollout-target.ts";

const expected = (args: RolloutArgs) => `${describeRolloutArgs(args)} is Healthy and fully promoted`;

export const argoRolloutHealthy: IntentKind<RolloutArgs> = {
  check: "argo_rollout_healthy",
  args: RolloutArgsSchema,
  expected,
  prepare: (args, kube, signal) =>
    watchRollout(args, kube, signal, (_rollout, state, observed) => {
      if (state.phase === "Degraded") return { status: "failed", observed };
      const healthy = state.phase === "Healthy" && state.fullyPromoted;
      return { status: healthy ? "passed" : "waiting", observed };
    }),
};
