// argo_pause: `kubectl argo rollouts pause` — a merge patch {"spec":{"paused":true}} of the Rollout.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import { describeRollout, patchRollout, rolloutReference, rolloutTargets } from "./rollouts.ts";

export const argoPauseTool = defineTool({
  name: "argo_pause",
  title: "Pause an Argo Rollout",
  description:
    "Pauses an Argo Rollout as `kubectl argo rollouts pause` does (sets spec.paused: true): the controller stops " +
    "moving through the canary steps and the phase becomes Paused (manually paused); pods keep running. Undo " +
    "with argo_resume (or argo_promote). With dryRun: true the API server validates the same patch and nothing " +
    "changes. Returns the diff and the patch sent. Repeating it is harmless.",
  family: "argo",
  input: z.object({ ...rolloutReference, dryRun: dryRunInput }),
  output: argoMutationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const { before, data } = await mutateRollout(kube, args, signal, async (_before, ref) => [
      await patchRollout(
        kube,
        ref,
        { type: "merge", patch: { spec: { paused: true } } },
        {
          dryRun: args.dryRun,
          action: "pause",
          signal,
        },
      ),
    ]);
    const summary =
      before.spec?.paused === true
        ? `${describeRollout(args)} is already paused; nothing to change.`
        : `${verb(args.dryRun, "Paused", "pause")} ${describeRollout(args)}.`;
    return { summary, data };
  },
});
