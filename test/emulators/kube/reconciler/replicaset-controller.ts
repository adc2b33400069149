// ReplicaSet → Pods: creates or deletes pods until the ReplicaSet has spec.replicas of them, deleting
// not-ready and newest pods first (as the real controller ranks them), and reports status. A pod counts
// as available as soon as it is Ready (minReadySeconds is not modelled).
import type { KubeObject } from "../types.ts";
import { type ControllerContext, numberField, specOf, statusOf } from "./context.ts";
import { REPLICASET_CONTROLLER, recordEvent } from "./events.ts";
import { podFromTemplate } from "./pod-factory.ts";
import { isPodReady } from "./pod-lifecycle.ts";

export function reconcileReplicaSet(
  ctx: ControllerContext,
  namespace: string | undefined,
  name: string,
): void {
  const { replicaSets, pods } = ctx.types;
  const rs = ctx.store.get(replicaSets, namespace, name);
  if (!rs) return;
  const desired = rs.metadata.deletionTimestamp ? 0 : numberField(specOf(rs), "replicas", 1);
  const owned = ctx.controlledBy(pods, rs);

  if (owned.length < desired) {
    for (let i = owned.length; i < desired; i++) {
      const pod = ctx.create(
        pods,
        podFromTemplate(rs, replicaSets, { generateName: `${name}-` }),
        "kube-controller-manager",
      );
      recordEvent(ctx, rs, {
        type: "Normal",
        reason: "SuccessfulCreate",
        message: `Created pod: ${pod.metadata.name}`,
        source: REPLICASET_CONTROLLER,
      });
    }
  } else if (owned.length > desired) {
    for (const pod of deletionOrder(owned).slice(0, owned.length - desired)) {
      ctx.delete(pods, pod);
      recordEvent(ctx, rs, {
        type: "Normal",
        reason: "SuccessfulDelete",
        message: `Deleted pod: ${pod.metadata.name}`,
        source: REPLICASET_CONTROLLER,
      });
    }
  }

  const current = ctx.store.get(replicaSets, namespace, name);
  if (!current) return;
  const remaining = ctx.controlledBy(pods, current);
  const templateLabels = ((specOf(current).template as { metadata?: { labels?: Record<string, string> } })
    ?.metadata?.labels ?? {}) as Record<string, string>;
  const ready = remaining.filter(isPodReady).length;
  const status: Record<string, unknown> = {
    ...statusOf(current),
    replicas: remaining.length,
    fullyLabeledReplicas: remaining.filter((pod) =>
      Object.entries(templateLabels).every(([key, value]) => pod.metadata.labels?.[key] === value),
    ).length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: current.metadata.generation ?? 1,
  };
  for (const field of ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"]) {
    if (status[field] === 0) delete status[field];
  }
  ctx.modifyStatus(replicaSets, current, "kube-controller-manager", () => status);
}

/** Which pods to delete first when scaling down: not ready, then pending, then the newest. */
function deletionOrder(pods: KubeObject[]): KubeObject[] {
  const rank = (pod: KubeObject) => (isPodReady(pod) ? 2 : statusOf(pod).phase === "Running" ? 1 : 0);
  return [...pods].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    const byAge = String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp));
    if (byAge !== 0) return byAge;
    return Number(b.metadata.resourceVersion ?? 0) - Number(a.metadata.resourceVersion ?? 0);
  });
}
