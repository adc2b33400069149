// argo_abort: `kubectl argo rollouts abort` — {"status":{"abort":true}} through the status
// subresource (the Rollout itself when that is not served).
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import { describeRollout, patchStatus, rolloutReference, rolloutTargets } from "./rollouts.ts";

export const argoAbortTool = defineTool({
  name: "argo_abort",
  title: "Abort an Argo Rollout",
  description:
    "Aborts the update an Argo Rollout is making, as `kubectl argo rollouts abort` does (status.abort: true): the " +
    "controller scales the canary down and the stable ReplicaSet back up; the phase becomes Degraded " +
    "(RolloutAborted). spec.template still holds the new version: argo_retry starts it again, argo_undo (or " +
    "argo_set_image back) reverts it for good. With dryRun: true the API server validates the same patch and " +
    "nothing changes. Returns the diff and the patch sent.",
  family: "argo",
  input: z.object({ ...rolloutReference, dryRun: dryRunInput }),
  output: argoMutationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const { before, data } = await mutateRollout(kube, args, signal, async (_before, ref) => [
      await patchStatus(
        kube,
        ref,
        { status: { abort: true } },
        { dryRun: args.dryRun, action: "abort", signal },
      ),
    ]);
    const summary =
      before.status?.abort === true
        ? `${describeRollout(args)} is already aborted; nothing to change.`
        : `${verb(args.dryRun, "Aborted", "abort")} ${describeRollout(args)}.`;
    return { summary, data };
  },
});
