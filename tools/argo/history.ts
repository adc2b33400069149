// argo_history: a Rollout's revisions, read from the ReplicaSets it owns (each carries
// rollout.argoproj.io/revision and the pod template of that revision), newest first.
import { z } from "zod";
import { templateImages } from "../kubernetes/workloads.ts";
import { defineTool } from "../registry.ts";
import {
  describeRollout,
  readRollout,
  revisionOf,
  rolloutHashLabel,
  rolloutRef,
  rolloutReference,
  rolloutReplicaSets,
  rolloutTargets,
} from "./rollouts.ts";

const defaultLimit = 20;
const maxLimit = 100;

export const argoHistoryTool = defineTool({
  name: "argo_history",
  title: "Argo Rollout history",
  description:
    "Lists the revisions of an Argo Rollout, newest first, from the ReplicaSets it owns: revision number, pod " +
    "template hash, ReplicaSet name, container images, replicas and ready pods, and whether the revision is the " +
    "current (desired) one and/or the stable one. Use it to pick a revision for argo_undo. At most limit " +
    `revisions (default ${defaultLimit}, max ${maxLimit}); truncated: true when there are more. Read-only.`,
  family: "argo",
  input: z.object({
    namespace: rolloutReference.namespace,
    name: rolloutReference.name,
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`Most revisions (max ${maxLimit})`),
  }),
  output: z.object({
    currentRevision: z.number().int().optional(),
    stableRevision: z.number().int().optional(),
    revisions: z.array(
      z.object({
        revision: z.number().int(),
        hash: z.string(),
        replicaSet: z.string(),
        current: z.boolean().describe("The Rollout's desired version (status.currentPodHash)"),
        stable: z.boolean().describe("The stable version (status.stableRS)"),
        replicas: z.number().int(),
        ready: z.number().int(),
        images: z.array(z.object({ container: z.string(), image: z.string(), init: z.boolean() })),
        createdAt: z.string().optional(),
      }),
    ),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  targets: rolloutTargets,
  async handler(args, { kube, signal }) {
    const rollout = await readRollout(kube, await rolloutRef(kube, args, signal), signal);
    const replicaSets = await rolloutReplicaSets(kube, rollout, signal);
    const all = replicaSets
      .map((rs) => {
        const hash = rs.metadata.labels?.[rolloutHashLabel] ?? "";
        return {
          revision: revisionOf(rs) ?? 0,
          hash,
          replicaSet: rs.metadata.name ?? "",
          current: hash !== "" && hash === rollout.status?.currentPodHash,
          stable: hash !== "" && hash === rollout.status?.stableRS,
          replicas: rs.status?.replicas ?? 0,
          ready: rs.status?.readyReplicas ?? 0,
          images: templateImages(rs.spec?.template),
          ...(rs.metadata.creationTimestamp ? { createdAt: rs.metadata.creationTimestamp } : {}),
        };
      })
      .sort((a, b) => b.revision - a.revision);
    const revisions = all.slice(0, args.limit);
    const currentRevision = all.find((r) => r.current)?.revision;
    const stableRevision = all.find((r) => r.stable)?.revision;
    const numbers = revisions.map((r) => r.revision).join(", ");
    return {
      summary: `${describeRollout(args)} has ${all.length} revision(s)${numbers ? ` (${numbers})` : ""}; current ${currentRevision ?? "unknown"}, stable ${stableRevision ?? "unknown"}.`,
      data: {
        ...(currentRevision !== undefined ? { currentRevision } : {}),
        ...(stableRevision !== undefined ? { stableRevision } : {}),
        revisions,
        truncated: all.length > revisions.length,
      },
    };
  },
});
