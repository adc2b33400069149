// argo_promote: `kubectl argo rollouts promote` — ends a pause and moves on one step, with the
// plugin's patches: spec.paused=false when paused by a person; pauseConditions cleared when the
// controller paused (a pause step); otherwise, for a canary, currentStepIndex+1 (e.g. skipping an
// analysis step). Status patches go to the status subresource, the plugin's unified patch (spec and
// status) to the Rollout itself when that is not served.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import {
  canarySteps,
  currentStepIndex,
  describeRollout,
  patchRollout,
  patchStatus,
  pauseConditions,
  type Rollout,
  rolloutReference,
  rolloutTargets,
} from "./rollouts.ts";

interface PromotePatches {
  spec?: unknown;
  status?: unknown;
  unified: unknown;
}

/** The plugin's getPatches for a plain promote. */
export function promotePatches(rollout: Rollout): PromotePatches {
  const patches: PromotePatches = { unified: { spec: { paused: false }, status: { pauseConditions: null } } };
  if (rollout.spec?.paused === true) patches.spec = { spec: { paused: false } };
  if (pauseConditions(rollout).length > 0) {
    patches.status = { status: { pauseConditions: null } };
  } else if (rollout.spec?.strategy?.canary && canarySteps(rollout).length > 0) {
    const steps = canarySteps(rollout).length;
    const index = Math.min(currentStepIndex(rollout) + 1, steps);
    patches.status = { status: { pauseConditions: null, currentStepIndex: index } };
    patches.unified = { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: index } };
  }
  return patches;
}

export const argoPromoteTool = defineTool({
  name: "argo_promote",
  title: "Promote an Argo Rollout one step",
  description:
    "Promotes an Argo Rollout as `kubectl argo rollouts promote` does (without --full): a Rollout paused at a " +
    "canary pause step (or a blue-green pre-promotion pause) continues with its next step; a Rollout paused by a " +
    "person is unpaused; a canary in the middle of a step moves on to the next one. Analysis and later steps " +
    "still run. Check argo_status first: promoting a Rollout that is not paused skips a step. With dryRun: true " +
    "the API server validates the same patches and nothing changes. Returns the diff (e.g. pauseConditions " +
    "removed, currentStepIndex) and the patches sent. Not idempotent: each call moves on again.",
  family: "argo",
  input: z.object({ ...rolloutReference, dryRun: dryRunInput }),
  output: argoMutationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const options = { dryRun: args.dryRun, action: "promote", signal };
    const { before, data } = await mutateRollout(kube, args, signal, async (rollout, ref) => {
      const patches = promotePatches(rollout);
      let specPatch = patches.spec;
      const answers = [];
      if (patches.status !== undefined) {
        const viaStatus = await patchStatus(kube, ref, patches.status, { ...options, fallback: null });
        if (viaStatus) answers.push(viaStatus);
        else specPatch = patches.unified; // no status subresource: one patch of spec and status
      }
      if (specPatch !== undefined)
        answers.push(await patchRollout(kube, ref, { type: "merge", patch: specPatch }, options));
      return answers;
    });
    const index = before.status?.currentStepIndex;
    const at = typeof index === "number" ? ` from step ${index}/${canarySteps(before).length}` : "";
    const summary = data.changed
      ? `${verb(args.dryRun, "Promoted", "promote")} ${describeRollout(args)}${at}.`
      : `${describeRollout(args)} has nothing to promote (not paused and no step left); nothing changed.`;
    return { summary, data };
  },
});
