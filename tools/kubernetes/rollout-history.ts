// k8s_rollout_history: a workload's revisions as `kubectl rollout history` shows them, newest first,
// optionally with the full pod template of one revision.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { controllerRevisionHistory, deploymentHistory, type History } from "./workload-revisions.ts";
import {
  describeRef,
  readWorkload,
  templateImages,
  workloadReference,
  workloadTargets,
} from "./workloads.ts";

const defaultLimit = 20;
const maxLimit = 100;

export const rolloutHistoryTool = defineTool({
  name: "k8s_rollout_history",
  title: "Rollout history",
  description:
    "Lists the rollout revisions of a Deployment (from the ReplicaSets it owns), newest first: revision number, " +
    "change-cause annotation, container images, creation time, the ReplicaSet, and which revision is current. " +
    "StatefulSets and DaemonSets are read from their ControllerRevisions; where the cluster does not serve those, " +
    "history is only available for Deployments and the call fails saying so. Pass `revision` to also get that " +
    "revision's full pod template (e.g. before k8s_rollout_undo with toRevision). Only as many revisions as the " +
    "workload's revisionHistoryLimit keeps exist.",
  family: "kubernetes",
  input: z.object({
    ...workloadReference(),
    revision: z.number().int().min(1).optional().describe("Also return the pod template of this revision"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`Most revisions to list, newest first (default ${defaultLimit}, max ${maxLimit})`),
  }),
  output: z.object({
    kind: z.string(),
    namespace: z.string(),
    name: z.string(),
    currentRevision: z.number().int().optional().describe("The revision the live pod template matches"),
    revisions: z.array(
      z.object({
        revision: z.number().int(),
        current: z.boolean(),
        changeCause: z.string().optional(),
        images: z.array(z.object({ container: z.string(), image: z.string(), init: z.boolean() })),
        created: z.string().optional(),
        source: z.string().describe("The ReplicaSet or ControllerRevision holding this revision"),
        replicas: z.number().int().optional().describe("Pods its ReplicaSet runs now (Deployments)"),
      }),
    ),
    total: z.number().int().describe("Revisions found"),
    truncated: z.boolean().describe("True when older revisions were left out because of `limit`"),
    template: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Pod template of the requested `revision`"),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  targets: workloadTargets,
  async handler(args, { kube, signal }) {
    const ref = { namespace: args.namespace, kind: args.kind, name: args.name };
    const workload = await readWorkload(kube, ref, signal);
    const history: History =
      ref.kind === "Deployment"
        ? await deploymentHistory(kube, workload, signal)
        : await controllerRevisionHistory(kube, workload, ref, signal);

    let template: Record<string, unknown> | undefined;
    if (args.revision !== undefined) {
      const wanted = history.revisions.find((r) => r.revision === args.revision);
      if (!wanted) {
        const existing = history.revisions.map((r) => r.revision).join(", ") || "none";
        throw new ToolError(
          `Revision ${args.revision} of ${describeRef(ref)} does not exist (existing revisions: ${existing}).`,
          "Call k8s_rollout_history without `revision` to list them.",
        );
      }
      template = wanted.template as Record<string, unknown>;
    }

    const newestFirst = [...history.revisions].reverse();
    const shown = newestFirst.slice(0, args.limit).map((r) => ({
      revision: r.revision,
      current: r.revision === history.current,
      ...(r.changeCause ? { changeCause: r.changeCause } : {}),
      images: templateImages(r.template),
      ...(r.created ? { created: r.created } : {}),
      source: r.source,
      ...(r.replicas !== undefined ? { replicas: r.replicas } : {}),
    }));
    const current = history.current === undefined ? "" : `, current ${history.current}`;
    return {
      summary: `${describeRef(ref)} has ${history.revisions.length} revision(s)${current}.`,
      data: {
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        ...(history.current !== undefined ? { currentRevision: history.current } : {}),
        revisions: shown,
        total: history.revisions.length,
        truncated: newestFirst.length > shown.length,
        ...(template ? { template } : {}),
      },
    };
  },
});
