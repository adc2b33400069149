// argo_promote_full: `kubectl argo rollouts promote --full` — {"status":{"promoteFull":true}}
// through the status subresource: the controller skips every remaining step, pause and analysis and
// makes the new version stable. Sent only when the Rollout is not fully promoted already.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import {
  canarySteps,
  describeRollout,
  isFullyPromoted,
  patchStatus,
  rolloutReference,
  rolloutTargets,
} from "./rollouts.ts";

export const argoPromoteFullTool = defineTool({
  name: "argo_promote_full",
  title: "Fully promote an Argo Rollout",
  description:
    "Fully promotes an Argo Rollout as `kubectl argo rollouts promote --full` does (status.promoteFull: true): " +
    "every remaining canary step, pause and analysis is skipped and the new version becomes stable at once, " +
    "with all replicas. This bypasses the safety checks the steps and analysis exist for, so it needs the same " +
    "care as a destructive change; prefer argo_promote to go one step at a time. Nothing is sent when the " +
    "Rollout is already fully promoted. With dryRun: true the API server validates the same patch and nothing " +
    "changes. Returns the diff and the patch sent.",
  family: "argo",
  input: z.object({ ...rolloutReference, dryRun: dryRunInput }),
  output: argoMutationOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const { before, data } = await mutateRollout(kube, args, signal, async (rollout, ref) =>
      isFullyPromoted(rollout)
        ? []
        : [
            await patchStatus(
              kube,
              ref,
              { status: { promoteFull: true } },
              { dryRun: args.dryRun, action: "fully promote", signal },
            ),
          ],
    );
    if (isFullyPromoted(before)) {
      return { summary: `${describeRollout(args)} is already fully promoted; nothing to change.`, data };
    }
    const steps = canarySteps(before).length;
    const skipped = steps > 0 ? `, skipping steps ${before.status?.currentStepIndex ?? 0}–${steps - 1}` : "";
    return {
      summary: `${verb(args.dryRun, "Fully promoted", "fully promote")} ${describeRollout(args)}${skipped}.`,
      data,
    };
  },
});
