// k8s_rollout_restart: restarts a workload's pods the way `kubectl rollout restart` does, by stamping
// the pod template with kubectl.kubernetes.io/restartedAt, which starts an ordinary rollout.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { dryRunInput, mutationOutput } from "./mutation.ts";
import {
  assertNotPaused,
  describeRef,
  patchWorkload,
  readWorkload,
  workloadChange,
  workloadReference,
  workloadTargets,
} from "./workloads.ts";

export const restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

/** RFC 3339 in UTC without fractions, like Go's time.RFC3339 that kubectl writes. */
function rfc3339Now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

export const rolloutRestartTool = defineTool({
  name: "k8s_rollout_restart",
  title: "Restart a workload's pods",
  description:
    "Restarts all pods of a Deployment, StatefulSet or DaemonSet with a rolling update, as `kubectl rollout " +
    "restart` does: sets the pod template annotation kubectl.kubernetes.io/restartedAt to the current time " +
    "(strategic merge patch), which creates a new revision. Paused Deployments are refused. With dryRun: true " +
    "the API server validates the change and nothing changes. Returns the diff and the timestamp. Follow it with " +
    "k8s_rollout_status. Each call starts another restart.",
  family: "kubernetes",
  input: z.object({ ...workloadReference(), dryRun: dryRunInput }),
  output: mutationOutput.extend({
    restartedAt: z.string().describe("The value written to kubectl.kubernetes.io/restartedAt"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  targets: workloadTargets,
  async handler(args, { kube, signal }) {
    const ref = { namespace: args.namespace, kind: args.kind, name: args.name };
    const before = await readWorkload(kube, ref, signal);
    assertNotPaused(before, ref, "restart");
    const restartedAt = rfc3339Now();
    const after = await patchWorkload(kube, ref, {
      type: "strategic",
      patch: { spec: { template: { metadata: { annotations: { [restartedAtAnnotation]: restartedAt } } } } },
      dryRun: args.dryRun,
      action: "restart",
      signal,
    });
    const result = workloadChange(args.dryRun, before, after);
    const verb = args.dryRun ? "Dry run: would restart" : "Restarted";
    return {
      summary: `${verb} ${describeRef(ref)} (restartedAt ${restartedAt}).`,
      data: { ...result, restartedAt },
    };
  },
});
