// k8s_scale: sets the replica count through the scale subresource, as `kubectl scale` does (a merge
// patch of .../scale), so it works the same for every scalable kind and respects the same RBAC.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { dryRunInput, mutationOutput } from "./mutation.ts";
import {
  describeRef,
  patchWorkload,
  readWorkload,
  type Workload,
  workloadChange,
  workloadReference,
  workloadTargets,
} from "./workloads.ts";

const maxReplicas = 1000;

interface Scale {
  spec?: { replicas?: number };
}

export const scaleTool = defineTool({
  name: "k8s_scale",
  title: "Scale a workload",
  description:
    "Sets the number of replicas of a Deployment, StatefulSet or ReplicaSet through its scale subresource, as " +
    "`kubectl scale` does. DaemonSets cannot be scaled (they run one pod per eligible node). With dryRun: true " +
    "the API server validates the change and nothing changes. Returns the diff of the workload, the previous and " +
    "the new replica count. Follow the result with k8s_rollout_status. Repeating the call is harmless.",
  family: "kubernetes",
  input: z.object({
    ...workloadReference(["Deployment", "StatefulSet", "ReplicaSet"], {
      DaemonSet:
        "DaemonSets cannot be scaled: they run one pod on every eligible node. To change where it runs, change its nodeSelector, affinity or tolerations.",
    }),
    replicas: z
      .number()
      .int()
      .min(0)
      .max(maxReplicas)
      .describe(`Desired number of replicas (0 to ${maxReplicas})`),
    dryRun: dryRunInput,
  }),
  output: mutationOutput.extend({
    previousReplicas: z.number().int(),
    replicas: z.number().int(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  targets: workloadTargets,
  async handler(args, { kube, signal }) {
    const ref = { namespace: args.namespace, kind: args.kind, name: args.name };
    const before = await readWorkload(kube, ref, signal);
    const previousReplicas = before.spec?.replicas ?? 1;
    const answer = await patchWorkload<Scale>(kube, ref, {
      type: "merge",
      patch: { spec: { replicas: args.replicas } },
      subresource: "scale",
      dryRun: args.dryRun,
      action: "scale",
      signal,
    });
    // Scale.spec.replicas is omitempty: a missing value is zero.
    const replicas = answer.spec?.replicas ?? 0;
    // The server answers with a Scale object; the reviewable change is the workload's spec.replicas.
    const after: Workload = structuredClone(before);
    after.spec = { ...(after.spec ?? {}), replicas };
    const result = workloadChange(args.dryRun, before, after);
    const verb = args.dryRun ? "Dry run: would scale" : "Scaled";
    const summary =
      previousReplicas === replicas
        ? `${describeRef(ref)} already has ${replicas} replicas; nothing to change.`
        : `${verb} ${describeRef(ref)} from ${previousReplicas} to ${replicas} replicas.`;
    return { summary, data: { ...result, previousReplicas, replicas } };
  },
});
