// argo_status: one look at a Rollout, as `kubectl argo rollouts status` / `get rollout` read it:
// phase and message, canary step, pause conditions, stable and canary hashes, replicas.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { describeState, rolloutState, rolloutStateOutput } from "./rollout-state.ts";
import { describeRollout, readRollout, rolloutRef, rolloutReference, rolloutTargets } from "./rollouts.ts";

export const argoStatusTool = defineTool({
  name: "argo_status",
  title: "Argo Rollout status",
  description:
    "Reads one Argo Rollout once (no waiting) and reports what `kubectl argo rollouts status` and `get rollout` " +
    "show: phase (Healthy, Progressing, Paused, Degraded) and its message (e.g. CanaryPauseStep, manually " +
    "paused, RolloutAborted: …), the canary step index and count with the current step (setWeight: 20, pause), " +
    "pause conditions, whether it was aborted or paused by a person, the stable and canary pod template hashes, " +
    "whether it is fully promoted, the revision, replica counters and container images. Use it before " +
    "argo_promote, argo_abort or argo_retry, and call it again to follow a rollout. Read-only.",
  family: "argo",
  input: z.object(rolloutReference),
  output: rolloutStateOutput,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const rollout = await readRollout(kube, await rolloutRef(kube, args, signal), signal);
    const state = rolloutState(rollout);
    const hashes =
      state.stableHash && state.canaryHash && state.stableHash !== state.canaryHash
        ? `; stable ${state.stableHash}, canary ${state.canaryHash}`
        : "";
    return { summary: `${describeRollout(args)}: ${describeState(state)}${hashes}.`, data: state };
  },
});
