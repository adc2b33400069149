// argo_undo: `kubectl argo rollouts undo [--to-revision N]` — the pod template of the wanted
// revision's ReplicaSet (its rollouts-pod-template-hash label dropped) JSON-patched over
// spec.template; the controller then rolls it out as the next revision.
import { z } from "zod";
import { dryRunInput } from "../kubernetes/mutation.ts";
import { type PodTemplateSpec, templateImages, type Workload } from "../kubernetes/workloads.ts";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { argoMutationOutput, mutateRollout, verb } from "./mutation.ts";
import {
  describeRollout,
  patchRollout,
  type Rollout,
  revisionOf,
  rolloutHashLabel,
  rolloutReference,
  rolloutReplicaSets,
  rolloutTargets,
} from "./rollouts.ts";

function withoutRolloutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[rolloutHashLabel];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

/**
 * apimachinery's Semantic.DeepDerivative, as the plugin compares templates: every field set in
 * `rollout` equals the ReplicaSet's; fields left unset there are ignored (the API server fills in
 * pod defaults on ReplicaSets, not on the Rollout, a custom resource).
 */
export function isDerivative(rollout: unknown, replicaSet: unknown): boolean {
  if (rollout === undefined || rollout === null || rollout === "") return true;
  if (Array.isArray(rollout)) {
    if (rollout.length === 0) return true;
    return (
      Array.isArray(replicaSet) &&
      replicaSet.length === rollout.length &&
      rollout.every((item, index) => isDerivative(item, replicaSet[index]))
    );
  }
  if (typeof rollout === "object") {
    if (typeof replicaSet !== "object" || replicaSet === null || Array.isArray(replicaSet)) {
      return Object.keys(rollout).length === 0;
    }
    const other = replicaSet as Record<string, unknown>;
    return Object.entries(rollout).every(([key, value]) => isDerivative(value, other[key]));
  }
  return rollout === replicaSet;
}

/** The plugin's rolloutRevision: revision `to`, or the second newest when `to` is undefined. */
function pickRevision(replicaSets: Workload[], rollout: Rollout, to: number | undefined): Workload {
  const numbered = replicaSets
    .map((rs) => ({ rs, revision: revisionOf(rs) ?? 0 }))
    .sort((a, b) => b.revision - a.revision);
  const known = numbered.map((r) => r.revision).join(", ") || "none";
  const subject = `Rollout "${rollout.metadata.name}" in namespace "${rollout.metadata.namespace}"`;
  if (to !== undefined) {
    const found = numbered.find((r) => r.revision === to);
    if (found) return found.rs;
    throw new ToolError(
      `${subject} has no revision ${to} in its history.`,
      `Its revisions are: ${known}. Pick one of them as toRevision (argo_history lists them).`,
    );
  }
  const previous = numbered[1];
  if (previous) return previous.rs;
  throw new ToolError(`${subject} has no previous revision to go back to.`, `Its revisions are: ${known}.`);
}

export const argoUndoTool = defineTool({
  name: "argo_undo",
  title: "Roll an Argo Rollout back",
  description:
    "Rolls an Argo Rollout back to its previous revision, or to toRevision, as `kubectl argo rollouts undo` " +
    "does: the pod template of that revision's ReplicaSet replaces spec.template (a JSON patch) and the " +
    "controller rolls it out as a new revision (straight to stable when it is the stable version). Fails, " +
    "listing the revisions, when the revision does not exist; changes nothing when the current template already " +
    "matches it. Use argo_history to see revisions. With dryRun: true the API server validates the same patch " +
    "and nothing changes. Returns the diff, the patch sent, the revision restored and its images.",
  family: "argo",
  input: z.object({
    ...rolloutReference,
    toRevision: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Revision to go back to (see argo_history); default: the previous one"),
    dryRun: dryRunInput,
  }),
  output: argoMutationOutput.extend({
    fromRevision: z.number().int().optional(),
    toRevision: z.number().int(),
    images: z.array(z.object({ container: z.string(), image: z.string(), init: z.boolean() })),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    let target: Workload | undefined;
    const { before, data } = await mutateRollout(kube, args, signal, async (rollout, ref) => {
      target = pickRevision(await rolloutReplicaSets(kube, rollout, signal), rollout, args.toRevision);
      const template = withoutRolloutHash(target.spec?.template);
      if (isDerivative(withoutRolloutHash(rollout.spec?.template), template)) return [];
      return [
        await patchRollout(
          kube,
          ref,
          { type: "json", patch: [{ op: "replace", path: "/spec/template", value: template }] },
          { dryRun: args.dryRun, action: "roll back", signal },
        ),
      ];
    });
    const restored = target as unknown as Workload;
    const toRevision = revisionOf(restored) ?? 0;
    const fromRevision = revisionOf(before);
    const summary = data.changed
      ? `${verb(args.dryRun, "Rolled back", "roll back")} ${describeRollout(args)}${fromRevision ? ` from revision ${fromRevision}` : ""} to revision ${toRevision}.`
      : `Skipped rollback of ${describeRollout(args)}: the current template already matches revision ${toRevision}.`;
    return {
      summary,
      data: {
        ...data,
        ...(fromRevision !== undefined ? { fromRevision } : {}),
        toRevision,
        images: templateImages(restored.spec?.template),
      },
    };
  },
});
