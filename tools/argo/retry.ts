// argo_retry: `kubectl argo rollouts retry rollout` — {"status":{"abort":false}} through the status
// subresource (the Rollout itself when that is not served).
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import { describeRollout, patchStatus, rolloutReference, rolloutTargets } from "./rollouts.ts";

export const argoRetryTool = defineTool({
  name: "argo_retry",
  title: "Retry an aborted Argo Rollout",
  description:
    "Retries an aborted Argo Rollout, as `kubectl argo rollouts retry rollout` does (status.abort: false): the " +
    "controller starts the canary steps of the current spec.template again from the first step. Only meaningful " +
    "after argo_abort (or an automatic abort). With dryRun: true the API server validates the same patch and " +
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
        { status: { abort: false } },
        { dryRun: args.dryRun, action: "retry", signal },
      ),
    ]);
    const summary =
      before.status?.abort === true
        ? `${verb(args.dryRun, "Retried", "retry")} ${describeRollout(args)}.`
        : `${describeRollout(args)} is not aborted; retrying changes nothing.`;
    return { summary, data };
  },
});
