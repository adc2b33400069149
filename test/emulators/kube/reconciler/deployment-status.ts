// A Deployment's status as the deployment controller computes it, and its Available / Progressing
// conditions with the reasons `kubectl rollout status` looks at (NewReplicaSetAvailable,
// ReplicaSetUpdated, ProgressDeadlineExceeded, ...).
import type { KubeObject } from "../types.ts";
import { type Json, numberField, specOf, statusOf, withoutZeros } from "./context.ts";
import { rollingLimits } from "./rollout-math.ts";

export type Condition = {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
};

export const REASONS = {
  newRsCreated: "NewReplicaSetCreated",
  foundNewRs: "FoundNewReplicaSet",
  rsUpdated: "ReplicaSetUpdated",
  newRsAvailable: "NewReplicaSetAvailable",
  timedOut: "ProgressDeadlineExceeded",
  paused: "DeploymentPaused",
  resumed: "DeploymentResumed",
  minimumAvailable: "MinimumReplicasAvailable",
  minimumUnavailable: "MinimumReplicasUnavailable",
} as const;

/** Replica counts from the ReplicaSets' own status, as the real controller sums them. */
export function replicaCounts(
  deployment: KubeObject,
  all: KubeObject[],
  newRs: KubeObject | undefined,
): Json {
  const sum = (items: KubeObject[], field: string) =>
    items.reduce((total, rs) => total + numberField(statusOf(rs), field), 0);
  const specTotal = all.reduce((total, rs) => total + numberField(specOf(rs), "replicas"), 0);
  const available = sum(all, "availableReplicas");
  return {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: sum(all, "replicas"),
    updatedReplicas: newRs ? numberField(statusOf(newRs), "replicas") : 0,
    readyReplicas: sum(all, "readyReplicas"),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specTotal - available),
  };
}

export function finishStatus(counts: Json, conditions: Condition[]): Json {
  const status = withoutZeros(counts, [
    "replicas",
    "updatedReplicas",
    "readyReplicas",
    "availableReplicas",
    "unavailableReplicas",
  ]);
  status.conditions = conditions;
  return status;
}

export function availableCondition(deployment: KubeObject, counts: Json): Omit<Condition, "lastUpdateTime"> {
  const spec = specOf(deployment);
  const desired = numberField(spec, "replicas", 1);
  const minAvailable = desired - rollingLimits(spec, desired).maxUnavailable;
  return numberField(counts, "availableReplicas") >= minAvailable
    ? {
        type: "Available",
        status: "True",
        reason: REASONS.minimumAvailable,
        message: "Deployment has minimum availability.",
      }
    : {
        type: "Available",
        status: "False",
        reason: REASONS.minimumUnavailable,
        message: "Deployment does not have minimum availability.",
      };
}

export function findCondition(conditions: Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: an unchanged status+reason keeps the old condition (and its times); a new
 * reason with the same status keeps lastTransitionTime.
 */
export function setCondition(
  conditions: Condition[],
  next: Omit<Condition, "lastUpdateTime" | "lastTransitionTime">,
  now: string,
): Condition[] {
  const existing = findCondition(conditions, next.type);
  if (existing && existing.status === next.status && existing.reason === next.reason) return conditions;
  const condition: Condition = {
    ...next,
    lastUpdateTime: now,
    lastTransitionTime:
      existing && existing.status === next.status ? (existing.lastTransitionTime ?? now) : now,
  };
  const others = conditions.filter((c) => c.type !== next.type);
  // Available is listed before Progressing, as on a real cluster.
  return [...others, condition].sort((a, b) => order(a.type) - order(b.type));
}

function order(type: string): number {
  return type === "Available" ? 0 : type === "Progressing" ? 1 : 2;
}

/** DeploymentComplete: every desired replica is updated and available, and the spec was observed. */
export function isComplete(deployment: KubeObject, counts: Json): boolean {
  const desired = numberField(specOf(deployment), "replicas", 1);
  return (
    numberField(counts, "updatedReplicas") === desired &&
    numberField(counts, "replicas") === desired &&
    numberField(counts, "availableReplicas") === desired &&
    numberField(counts, "observedGeneration") >= (deployment.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated/ready/available replicas, or fewer old ones, than last time. */
export function madeProgress(previous: Json, counts: Json): boolean {
  const old = (status: Json) => numberField(status, "replicas") - numberField(status, "updatedReplicas");
  return (
    numberField(counts, "updatedReplicas") > numberField(previous, "updatedReplicas") ||
    old(counts) < old(previous) ||
    numberField(counts, "readyReplicas") > numberField(previous, "readyReplicas") ||
    numberField(counts, "availableReplicas") > numberField(previous, "availableReplicas")
  );
}
