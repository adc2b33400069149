// argo_resume: a merge patch {"spec":{"paused":false}} of the Rollout, as `kubectl argo rollouts
// resume` sent it (today's plugin folds this into promote, which also clears pause conditions).
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import { describeRollout, patchRollout, rolloutReference, rolloutTargets } from "./rollouts.ts";

export const argoResumeTool = defineTool({
  name: "argo_resume",
  title: "Resume an Argo Rollout",
  description:
    "Resumes an Argo Rollout paused by a person (argo_pause / spec.paused: true) by setting spec.paused: false, " +
    "as `kubectl argo rollouts resume` did. It does not end a canary pause step (a pause condition such as " +
    "CanaryPauseStep): use argo_promote for that. With dryRun: true the API server validates the same patch and " +
    "nothing changes. Returns the diff and the patch sent. Repeating it is harmless.",
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
        { type: "merge", patch: { spec: { paused: false } } },
        {
          dryRun: args.dryRun,
          action: "resume",
          signal,
        },
      ),
    ]);
    const summary =
      before.spec?.paused === true
        ? `${verb(args.dryRun, "Resumed", "resume")} ${describeRollout(args)}.`
        : `${describeRollout(args)} is not paused by a person (spec.paused is not true); nothing to change.`;
    return { summary, data };
  },
});
