// Rollout status computed exactly as `kubectl rollout status` does (kubectl's
// polymorphichelpers/rollout_status.go), one evaluation of one read, with kubectl's wording.
import { ToolError } from "../shared/tool-error.ts";
import type { Workload, WorkloadKind, WorkloadRef } from "./workloads.ts";

export interface RolloutState {
  done: boolean;
  /** The rollout cannot finish without a change (kubectl exits with an error). */
  failed: boolean;
  message: string;
}

const timedOutReason = "ProgressDeadlineExceeded";

function deploymentState(deployment: Workload): RolloutState {
  const name = deployment.metadata.name ?? "";
  const generation = deployment.metadata.generation ?? 0;
  const status = deployment.status ?? {};
  if (generation > (status.observedGeneration ?? 0)) {
    return { done: false, failed: false, message: "Waiting for deployment spec update to be observed..." };
  }
  const progressing = status.conditions?.find((c) => c.type === "Progressing");
  if (progressing?.reason === timedOutReason) {
    return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
  }
  const desired = deployment.spec?.replicas;
  const replicas = status.replicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const waiting = (detail: string) => ({
    done: false,
    failed: false,
    message: `Waiting for deployment "${name}" rollout to finish: ${detail}...`,
  });
  if (desired !== undefined && updated < desired) {
    return waiting(`${updated} out of ${desired} new replicas have been updated`);
  }
  if (replicas > updated) return waiting(`${replicas - updated} old replicas are pending termination`);
  if (available < updated) return waiting(`${available} of ${updated} updated replicas are available`);
  return { done: true, failed: false, message: `deployment "${name}" successfully rolled out` };
}

function onlyRollingUpdate(ref: WorkloadRef, type: string | undefined): void {
  if (type !== undefined && type !== "RollingUpdate") {
    throw new ToolError(
      `Rollout status of ${ref.kind} "${ref.name}" is only available for the RollingUpdate strategy type (it uses ${type}).`,
      "With OnDelete, pods change only when deleted; check the pods with k8s_get instead.",
    );
  }
}

function daemonSetState(daemonSet: Workload, ref: WorkloadRef): RolloutState {
  onlyRollingUpdate(ref, daemonSet.spec?.updateStrategy?.type);
  const name = daemonSet.metadata.name ?? "";
  const status = daemonSet.status ?? {};
  if ((daemonSet.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return { done: false, failed: false, message: "Waiting for daemon set spec update to be observed..." };
  }
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  const waiting = (detail: string) => ({
    done: false,
    failed: false,
    message: `Waiting for daemon set "${name}" rollout to finish: ${detail}...`,
  });
  if (updated < desired) return waiting(`${updated} out of ${desired} new pods have been updated`);
  if (available < desired) return waiting(`${available} of ${desired} updated pods are available`);
  return { done: true, failed: false, message: `daemon set "${name}" successfully rolled out` };
}

function statefulSetState(statefulSet: Workload, ref: WorkloadRef): RolloutState {
  const strategy = statefulSet.spec?.updateStrategy;
  onlyRollingUpdate(ref, strategy?.type);
  const status = statefulSet.status ?? {};
  const observed = status.observedGeneration ?? 0;
  if (observed === 0 || (statefulSet.metadata.generation ?? 0) > observed) {
    return { done: false, failed: false, message: "Waiting for statefulset spec update to be observed..." };
  }
  const desired = statefulSet.spec?.replicas;
  const ready = status.readyReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  if (desired !== undefined && ready < desired) {
    return { done: false, failed: false, message: `Waiting for ${desired - ready} pods to be ready...` };
  }
  if (strategy?.type === "RollingUpdate" && strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (desired !== undefined && partition !== undefined && updated < desired - partition) {
      return {
        done: false,
        failed: false,
        message: `Waiting for partitioned roll out to finish: ${updated} out of ${desired - partition} new pods have been updated...`,
      };
    }
    return {
      done: true,
      failed: false,
      message: `partitioned roll out complete: ${updated} new pods have been updated...`,
    };
  }
  if (status.updateRevision !== status.currentRevision) {
    return {
      done: false,
      failed: false,
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision}...`,
    };
  }
  return {
    done: true,
    failed: false,
    message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision}...`,
  };
}

/** One evaluation of the workload's rollout; throws for kinds or strategies kubectl cannot watch. */
export function rolloutState(ref: WorkloadRef, workload: Workload): RolloutState {
  const handlers: Partial<Record<WorkloadKind, () => RolloutState>> = {
    Deployment: () => deploymentState(workload),
    StatefulSet: () => statefulSetState(workload, ref),
    DaemonSet: () => daemonSetState(workload, ref),
  };
  const handler = handlers[ref.kind];
  if (!handler) throw new ToolError(`Rollout status is not available for ${ref.kind} objects.`);
  return handler();
}

export interface ReplicaCounts {
  desired: number;
  current: number;
  updated: number;
  ready: number;
  available: number;
}

/** The replica counters of any rollout kind, under one set of names. */
export function replicaCounts(kind: WorkloadKind, workload: Workload): ReplicaCounts {
  const status = workload.status ?? {};
  if (kind === "DaemonSet") {
    return {
      desired: status.desiredNumberScheduled ?? 0,
      current: status.currentNumberScheduled ?? 0,
      updated: status.updatedNumberScheduled ?? 0,
      ready: status.numberReady ?? 0,
      available: status.numberAvailable ?? 0,
    };
  }
  return {
    desired: workload.spec?.replicas ?? 0,
    current: status.replicas ?? 0,
    updated: status.updatedReplicas ?? 0,
    ready: status.readyReplicas ?? 0,
    available: status.availableReplicas ?? 0,
  };
}
