// A workload's rollout history, found as kubectl finds it: a Deployment's revisions are the
// ReplicaSets it controls (revision in the `deployment.kubernetes.io/revision` annotation); a
// StatefulSet's or DaemonSet's are the ControllerRevisions it controls.
import { ToolError } from "../shared/tool-error.ts";
import type { KubeClients } from "./client.ts";
import {
  type ControllerRevision,
  listControlled,
  type PodTemplateSpec,
  templatesEqualIgnoringHash,
  type Workload,
  type WorkloadRef,
} from "./workloads.ts";

export const revisionAnnotation = "deployment.kubernetes.io/revision";
export const changeCauseAnnotation = "kubernetes.io/change-cause";

export interface Revision {
  revision: number;
  /** The ReplicaSet or ControllerRevision that holds it. */
  source: string;
  template: PodTemplateSpec;
  /** Annotations of the ReplicaSet / ControllerRevision itself (undo copies them). */
  annotations: Record<string, string>;
  changeCause: string | undefined;
  created: string | undefined;
  /** Pods the ReplicaSet runs now (Deployments only). */
  replicas: number | undefined;
}

export interface History {
  /** Oldest first, as `kubectl rollout history` lists them. */
  revisions: Revision[];
  /** The revision the workload's pod template matches now, if any. */
  current: number | undefined;
}

/** kubectl's deploymentutil.Revision: the annotation as an integer, or nothing if unreadable. */
export function revisionNumber(annotations: Record<string, string> | undefined): number | undefined {
  const value = annotations?.[revisionAnnotation];
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function byRevision(a: Revision, b: Revision): number {
  return a.revision - b.revision;
}

function byCreation(a: Workload, b: Workload): number {
  const at = a.metadata.creationTimestamp ?? "";
  const bt = b.metadata.creationTimestamp ?? "";
  return at < bt ? -1 : at > bt ? 1 : (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

export async function deploymentHistory(
  kube: KubeClients,
  deployment: Workload,
  signal: AbortSignal,
): Promise<History> {
  const replicaSets = await listControlled<Workload>(kube, deployment, "replicasets", "ReplicaSet", signal);
  // The "new" ReplicaSet is the oldest one whose template matches the Deployment's (FindNewReplicaSet).
  const newReplicaSet = [...replicaSets]
    .sort(byCreation)
    .find((rs) => templatesEqualIgnoringHash(rs.spec?.template, deployment.spec?.template));
  const revisions = new Map<number, Revision>();
  for (const rs of replicaSets) {
    const revision = revisionNumber(rs.metadata.annotations);
    if (revision === undefined) continue;
    revisions.set(revision, {
      revision,
      source: rs.metadata.name ?? "",
      template: rs.spec?.template ?? {},
      annotations: rs.metadata.annotations ?? {},
      changeCause: rs.metadata.annotations?.[changeCauseAnnotation],
      created: rs.metadata.creationTimestamp,
      replicas: rs.status?.replicas ?? 0,
    });
  }
  return {
    revisions: [...revisions.values()].sort(byRevision),
    current: newReplicaSet ? revisionNumber(newReplicaSet.metadata.annotations) : undefined,
  };
}

function templateOf(revision: ControllerRevision): PodTemplateSpec {
  const template = structuredClone(revision.data?.spec?.template ?? {}) as PodTemplateSpec & {
    $patch?: unknown;
  };
  delete template.$patch; // the controllers store the template as a "replace" strategic patch
  return template;
}

export async function controllerRevisionHistory(
  kube: KubeClients,
  workload: Workload,
  ref: WorkloadRef,
  signal: AbortSignal,
): Promise<History> {
  const owned = await listControlled<ControllerRevision>(
    kube,
    workload,
    "controllerrevisions",
    "ControllerRevision",
    signal,
    () => historyUnavailable(ref),
  );
  const revisions = new Map<number, Revision>();
  for (const item of owned) {
    if (typeof item.revision !== "number") continue;
    revisions.set(item.revision, {
      revision: item.revision,
      source: item.metadata.name ?? "",
      template: templateOf(item),
      annotations: item.metadata.annotations ?? {},
      changeCause: item.metadata.annotations?.[changeCauseAnnotation],
      created: item.metadata.creationTimestamp,
      replicas: undefined,
    });
  }
  const sorted = [...revisions.values()].sort(byRevision);
  // The controllers give the revision matching the live template the highest number.
  const current = sorted.find((r) => templatesEqualIgnoringHash(r.template, workload.spec?.template));
  return { revisions: sorted, current: current?.revision ?? sorted.at(-1)?.revision };
}

function historyUnavailable(ref: WorkloadRef): ToolError {
  return new ToolError(
    `Rollout history of ${ref.kind} "${ref.name}" is not available: this cluster does not serve ControllerRevisions.`,
    "History is only available for Deployments here (from their ReplicaSets).",
  );
}

/** The revision kubectl undo would pick: `toRevision`, or the one before the newest. */
export function pickRollbackRevision(history: History, ref: WorkloadRef, toRevision?: number): Revision {
  const known = history.revisions.map((r) => r.revision);
  const existing = known.length > 0 ? known.join(", ") : "none";
  if (toRevision !== undefined) {
    const found = history.revisions.find((r) => r.revision === toRevision);
    if (found) return found;
    throw new ToolError(
      `Unable to find revision ${toRevision} in the history of ${ref.kind} "${ref.name}" in namespace "${ref.namespace}" (existing revisions: ${existing}).`,
      "Pick one of the existing revisions, or omit toRevision to go back to the previous one; k8s_rollout_history lists them.",
    );
  }
  const previous = history.revisions.at(-2);
  if (!previous) {
    throw new ToolError(
      `No rollout history to go back to for ${ref.kind} "${ref.name}" in namespace "${ref.namespace}" (existing revisions: ${existing}).`,
      "A rollback needs at least two revisions; change the workload instead (e.g. k8s_set_image).",
    );
  }
  return previous;
}
