// argo_restart: `kubectl argo rollouts restart` — a merge patch {"spec":{"restartAt":"<now>"}}; the
// controller restarts every pod created before that time and records status.restartedAt.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import { describeRollout, patchRollout, rfc3339Now, rolloutReference, rolloutTargets } from "./rollouts.ts";

export const argoRestartTool = defineTool({
  name: "argo_restart",
  title: "Restart an Argo Rollout's pods",
  description:
    "Restarts the pods of an Argo Rollout as `kubectl argo rollouts restart` does: sets spec.restartAt to now " +
    "(RFC 3339, UTC) and the controller replaces every pod created before it, then sets status.restartedAt. The " +
    "version does not change. With dryRun: true the API server validates the same patch and nothing changes. " +
    "Returns the diff, the patch sent and restartAt. Every call restarts again (not idempotent).",
  family: "argo",
  input: z.object({ ...rolloutReference, dryRun: dryRunInput }),
  output: argoMutationOutput.extend({ restartAt: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const restartAt = rfc3339Now();
    const { data } = await mutateRollout(kube, args, signal, async (_before, ref) => [
      await patchRollout(
        kube,
        ref,
        { type: "merge", patch: { spec: { restartAt } } },
        {
          dryRun: args.dryRun,
          action: "restart",
          signal,
        },
      ),
    ]);
    return {
      summary: `${verb(args.dryRun, "Restarting", "restart")} the pods of ${describeRollout(args)} (restartAt ${restartAt}).`,
      data: { ...data, restartAt },
    };
  },
});
