// k8s_rollout_status: one evaluation of `kubectl rollout status` (no waiting), so a verifier can
// poll it cheaply: a single GET of the workload.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { revisionNumber } from "./workload-revisions.ts";
import { replicaCounts, rolloutState } from "./workload-status.ts";
import { describeRef, readWorkload, workloadReference, workloadTargets } from "./workloads.ts";

const condition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastUpdateTime: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

export const rolloutStatusTool = defineTool({
  name: "k8s_rollout_status",
  title: "Rollout status",
  description:
    "Evaluates once (without waiting) whether a Deployment, StatefulSet or DaemonSet has finished rolling out, " +
    "exactly as `kubectl rollout status` decides it: the controller has observed the latest spec, all replicas " +
    "are updated, old replicas are gone and updated replicas are available (StatefulSets: ready pods and the " +
    "RollingUpdate partition; DaemonSets: updated and available pods on every scheduled node). Returns done, " +
    "failed (progress deadline exceeded: it will not finish without a change), kubectl's message (e.g. " +
    '`Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...`), the replica ' +
    "counters and the status conditions. Call it again to follow a rollout. Not available for OnDelete strategies.",
  family: "kubernetes",
  input: z.object(workloadReference()),
  output: z.object({
    kind: z.string(),
    namespace: z.string(),
    name: z.string(),
    done: z.boolean().describe("The rollout is complete"),
    failed: z.boolean().describe("The rollout cannot complete without a change (progress deadline exceeded)"),
    message: z.string().describe("kubectl rollout status wording"),
    generation: z.number().int(),
    observedGeneration: z.number().int(),
    revision: z
      .number()
      .int()
      .optional()
      .describe("Deployments: the revision being rolled out (deployment.kubernetes.io/revision)"),
    replicas: z.object({
      desired: z.number().int(),
      current: z.number().int(),
      updated: z.number().int(),
      ready: z.number().int(),
      available: z.number().int(),
    }),
    conditions: z.array(condition),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  targets: workloadTargets,
  async handler(ref, { kube, signal }) {
    const workload = await readWorkload(kube, ref, signal);
    const state = rolloutState(ref, workload);
    const revision = ref.kind === "Deployment" ? revisionNumber(workload.metadata.annotations) : undefined;
    // Keep only the documented condition fields, as strings, whatever else the server adds.
    const conditions = (workload.status?.conditions ?? []).map((c) => ({
      type: String(c.type),
      status: String(c.status),
      ...(c.reason ? { reason: String(c.reason) } : {}),
      ...(c.message ? { message: String(c.message) } : {}),
      ...(c.lastUpdateTime ? { lastUpdateTime: String(c.lastUpdateTime) } : {}),
      ...(c.lastTransitionTime ? { lastTransitionTime: String(c.lastTransitionTime) } : {}),
    }));
    return {
      summary: `${describeRef(ref)}: ${state.message}`,
      data: {
        kind: ref.kind,
        namespace: ref.namespace,
        name: ref.name,
        ...state,
        generation: workload.metadata.generation ?? 0,
        observedGeneration: workload.status?.observedGeneration ?? 0,
        ...(revision !== undefined ? { revision } : {}),
        replicas: replicaCounts(ref.kind, workload),
        conditions,
      },
    };
  },
});
