// k8s_rollout_undo: rolls a Deployment back exactly as `kubectl rollout undo` does: take the pod
// template of the ReplicaSet holding the wanted revision, drop its pod-template-hash label, and
// JSON-patch it over the Deployment's template together with the annotations kubectl copies.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { dryRunInput, mutationOutput } from "./mutation.ts";
import {
  deploymentHistory,
  pickRollbackRevision,
  type Revision,
  revisionAnnotation,
} from "./workload-revisions.ts";
import {
  assertNotPaused,
  describeRef,
  patchWorkload,
  readWorkload,
  templateImages,
  templatesEqualIgnoringHash,
  type Workload,
  withoutHashLabel,
  workloadChange,
  workloadReference,
  workloadTargets,
} from "./workloads.ts";

// Annotations that stay the Deployment's own; every other one comes from the ReplicaSet (kubectl's list).
const deploymentOwnedAnnotations = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  revisionAnnotation,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

function rollbackAnnotations(deployment: Workload, target: Revision): Record<string, string> {
  const annotations: Record<string, string> = {};
  const own = deployment.metadata.annotations ?? {};
  for (const key of deploymentOwnedAnnotations) {
    const value = own[key];
    if (value !== undefined) annotations[key] = value;
  }
  for (const [key, value] of Object.entries(target.annotations)) {
    if (!deploymentOwnedAnnotations.has(key)) annotations[key] = value;
  }
  return annotations;
}

export const rolloutUndoTool = defineTool({
  name: "k8s_rollout_undo",
  title: "Roll back a Deployment",
  description:
    "Rolls a Deployment back to its previous revision, or to `toRevision`, exactly as `kubectl rollout undo` " +
    "does: the pod template of that revision's ReplicaSet replaces the Deployment's template, and the " +
    "controller rolls it out as a new revision number. Fails, listing the existing revisions, when the " +
    "revision does not exist, and fails with 'skipped rollback' when the current template already matches it. " +
    "Paused Deployments are refused. Use k8s_rollout_history to see revisions. With dryRun: true the API server " +
    "validates the same patch and nothing changes. Returns the diff and the revision restored. Only Deployments.",
  family: "kubernetes",
  input: z.object({
    ...workloadReference(["Deployment"], {
      StatefulSet:
        "k8s_rollout_undo supports Deployments only. For a StatefulSet, set the previous image back with k8s_set_image.",
      DaemonSet:
        "k8s_rollout_undo supports Deployments only. For a DaemonSet, set the previous image back with k8s_set_image.",
    }),
    toRevision: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Revision to go back to (see k8s_rollout_history); default: the previous one"),
    dryRun: dryRunInput,
  }),
  output: mutationOutput.extend({
    fromRevision: z.number().int().optional().describe("The revision the Deployment was at"),
    toRevision: z.number().int().describe("The revision whose pod template was restored"),
    images: z.array(z.object({ container: z.string(), image: z.string(), init: z.boolean() })),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: workloadTargets,
  async handler(args, { kube, signal }) {
    const ref = { namespace: args.namespace, kind: args.kind, name: args.name };
    const before = await readWorkload(kube, ref, signal);
    const history = await deploymentHistory(kube, before, signal);
    const target = pickRollbackRevision(history, ref, args.toRevision);
    assertNotPaused(before, ref, "roll back");
    if (templatesEqualIgnoringHash(target.template, before.spec?.template)) {
      throw new ToolError(
        `skipped rollback: current template already matches revision ${target.revision} (${describeRef(ref)}).`,
        "Nothing to undo; pick another revision with toRevision (k8s_rollout_history lists them).",
      );
    }
    const annotationsOp = before.metadata.annotations ? "replace" : "add"; // replace needs an existing path
    const after = await patchWorkload(kube, ref, {
      type: "json",
      patch: [
        { op: "replace", path: "/spec/template", value: withoutHashLabel(target.template) },
        { op: annotationsOp, path: "/metadata/annotations", value: rollbackAnnotations(before, target) },
      ],
      dryRun: args.dryRun,
      action: "roll back",
      signal,
    });
    const result = workloadChange(args.dryRun, before, after);
    const verb = args.dryRun ? "Dry run: would roll back" : "Rolled back";
    const from = history.current === undefined ? "" : ` from revision ${history.current}`;
    return {
      summary: `${verb} ${describeRef(ref)}${from} to revision ${target.revision}.`,
      data: {
        ...result,
        ...(history.current !== undefined ? { fromRevision: history.current } : {}),
        toRevision: target.revision,
        images: templateImages(target.template),
      },
    };
  },
});
