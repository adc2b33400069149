// Deployment → ReplicaSets, as the deployment controller does it: the ReplicaSet whose template equals
// the Deployment's (ignoring pod-template-hash) is the new one, created as `<deployment>-<hash>` when
// missing; a template seen before (a rollback) re-uses its ReplicaSet, which gets the next revision.
// RollingUpdate moves replicas stepwise within maxSurge/maxUnavailable as pods become available;
// Recreate scales old ReplicaSets to zero first. spec.paused stops rollouts (scaling still works);
// spec.progressDeadlineSeconds is honoured (Progressing=False, ProgressDeadlineExceeded).
import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../types.ts";
import {
  type ControllerContext,
  controllerReference,
  type Json,
  numberField,
  specOf,
  statusOf,
} from "./context.ts";
import {
  availableCondition,
  type Condition,
  findCondition,
  finishStatus,
  isComplete,
  madeProgress,
  REASONS,
  replicaCounts,
  setCondition,
} from "./deployment-status.ts";
import { DEPLOYMENT_CONTROLLER, recordEvent } from "./events.ts";
import { POD_TEMPLATE_HASH, podTemplateHash, withoutHashLabel } from "./pod-template-hash.ts";
import { type RollingLimits, rollingLimits } from "./rollout-math.ts";

export const REVISION = "deployment.kubernetes.io/revision";
const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
// Annotations of the Deployment that are not copied onto its new ReplicaSet (everything else is,
// notably kubernetes.io/change-cause, which `kubectl rollout history` shows).
const NOT_COPIED = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  "deprecated.deployment.rollback.to",
]);
const NO_DEADLINE = 2147483647;
const MANAGER = "kube-controller-manager";

/** Progress-deadline bookkeeping shared across passes. */
export interface ProgressTracker {
  /** Per Deployment uid: when the Progressing condition was last refreshed (ms; conditions have 1s precision). */
  lastProgress: Map<string, number>;
  /** Reconcile the Deployment again after `ms` (to notice a deadline passing). */
  requeueAfter(deployment: KubeObject, ms: number): void;
  cancel(deployment: KubeObject): void;
}

export function reconcileDeployment(
  ctx: ControllerContext,
  namespace: string | undefined,
  name: string,
  progress: ProgressTracker,
): void {
  const { deployments, replicaSets } = ctx.types;
  const deployment = ctx.store.get(deployments, namespace, name);
  if (!deployment || deployment.metadata.deletionTimestamp) return;
  const spec = specOf(deployment);
  const desired = numberField(spec, "replicas", 1);
  const paused = spec.paused === true;
  const recreate = (spec.strategy as Json | undefined)?.type === "Recreate";
  const limits = rollingLimits(spec, desired);
  const now = ctx.now();
  const uid = deployment.metadata.uid ?? "";
  let conditions = ((statusOf(deployment).conditions ?? []) as Condition[]).map((c) => ({ ...c }));
  const setProgressing = (next: Omit<Condition, "type" | "lastUpdateTime" | "lastTransitionTime">) => {
    const updated = setCondition(conditions, { type: "Progressing", ...next }, now);
    if (updated !== conditions) progress.lastProgress.set(uid, Date.now());
    conditions = updated;
  };

  const progressing = findCondition(conditions, "Progressing");
  if (paused && progressing?.reason !== REASONS.paused) {
    setProgressing({ status: "Unknown", reason: REASONS.paused, message: "Deployment is paused" });
  } else if (!paused && progressing?.reason === REASONS.paused) {
    setProgressing({ status: "Unknown", reason: REASONS.resumed, message: "Deployment is resumed" });
  }

  const scaler = new ReplicaSetScaler(ctx, deployment, desired, limits);
  let all = ctx.controlledBy(replicaSets, deployment);
  let newRs = all.find((rs) =>
    isDeepStrictEqual(withoutHashLabel(specOf(rs).template), withoutHashLabel(spec.template)),
  );
  const olds = () => all.filter((rs) => rs.metadata.uid !== newRs?.metadata.uid);
  const maxOldRevision = Math.max(0, ...olds().map(revisionOf));

  let oldPodsGone = true;
  if (!paused && recreate) {
    for (const old of olds()) scaler.scale(old, 0);
    oldPodsGone = olds().every((rs) => numberField(statusOf(rs), "replicas") === 0);
  }

  if (!newRs && !paused && oldPodsGone) {
    const total = all.reduce((sum, rs) => sum + scaler.replicasOf(rs), 0);
    const initial = recreate ? desired : Math.max(0, Math.min(desired + limits.maxSurge - total, desired));
    newRs = createNewReplicaSet(ctx, deployment, maxOldRevision + 1, initial, limits);
    all = [...all, newRs];
    setProgressing({
      status: "True",
      reason: REASONS.newRsCreated,
      message: `Created new replica set "${newRs.metadata.name}"`,
    });
    if (initial > 0) scaler.announce(newRs, 0, initial);
  } else if (newRs) {
    newRs = syncNewReplicaSetAnnotations(ctx, deployment, newRs, maxOldRevision) ?? newRs;
    if (!findCondition(conditions, "Progressing")) {
      setProgressing({
        status: "True",
        reason: REASONS.foundNewRs,
        message: `Found new replica set "${newRs.metadata.name}"`,
      });
    }
  }
  if (newRs) {
    const revision = String(revisionOf(newRs));
    ctx.modify(deployments, deployment, MANAGER, (d) => {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
      return d;
    });
  }

  if (paused) {
    const active = newRs ?? soleActive(all, scaler);
    if (active) scaler.scale(active, desired);
  } else if (newRs && recreate) {
    if (oldPodsGone) scaler.scale(newRs, desired);
  } else if (newRs) {
    rollNewReplicaSet(scaler, all, newRs, desired, limits);
    rollOldReplicaSets(scaler, all, olds(), newRs, desired, limits);
  }
  cleanUpHistory(ctx, deployment, newRs);

  // Status, from the ReplicaSets as they are now.
  const fresh = ctx.controlledBy(replicaSets, deployment);
  const freshNew = fresh.find((rs) => rs.metadata.uid === newRs?.metadata.uid);
  const counts = replicaCounts(deployment, fresh, freshNew);
  conditions = setCondition(conditions, availableCondition(deployment, counts), now);
  const deadline = spec.progressDeadlineSeconds;
  if (!paused && typeof deadline === "number" && deadline !== NO_DEADLINE && freshNew) {
    const rsName = freshNew.metadata.name;
    const current = findCondition(conditions, "Progressing");
    const settled =
      numberField(counts, "replicas") === numberField(counts, "updatedReplicas") &&
      current?.reason === REASONS.newRsAvailable;
    if (settled) {
      progress.cancel(deployment);
    } else if (isComplete(deployment, counts)) {
      setProgressing({
        status: "True",
        reason: REASONS.newRsAvailable,
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      });
      progress.cancel(deployment);
    } else if (madeProgress(statusOf(deployment), counts)) {
      // Progress refreshes lastUpdateTime even when the reason stays ReplicaSetUpdated.
      const since = current?.status === "True" ? current.lastTransitionTime : undefined;
      conditions = [
        ...conditions.filter((c) => c.type !== "Progressing"),
        {
          type: "Progressing",
          status: "True",
          reason: REASONS.rsUpdated,
          message: `ReplicaSet "${rsName}" is progressing.`,
          lastUpdateTime: now,
          lastTransitionTime: since ?? now,
        },
      ];
      progress.lastProgress.set(uid, Date.now());
      progress.requeueAfter(deployment, deadline * 1000);
    } else if (current && current.reason !== REASONS.timedOut && current.reason !== REASONS.newRsAvailable) {
      const lastProgress = progress.lastProgress.get(uid) ?? Date.parse(current.lastUpdateTime ?? now);
      const remaining = lastProgress + deadline * 1000 - Date.now();
      if (remaining <= 0) {
        setProgressing({
          status: "False",
          reason: REASONS.timedOut,
          message: `ReplicaSet "${rsName}" has timed out progressing.`,
        });
      } else {
        progress.requeueAfter(deployment, remaining);
      }
    }
  }
  ctx.modifyStatus(deployments, deployment, MANAGER, () => finishStatus(counts, conditions));
}

/** Scales ReplicaSets for one Deployment, remembering the replicas it set during this pass. */
class ReplicaSetScaler {
  private readonly ctx: ControllerContext;
  private readonly deployment: KubeObject;
  private readonly desired: number;
  private readonly limits: RollingLimits;
  private readonly replicas = new Map<string, number>();

  constructor(ctx: ControllerContext, deployment: KubeObject, desired: number, limits: RollingLimits) {
    this.ctx = ctx;
    this.deployment = deployment;
    this.desired = desired;
    this.limits = limits;
  }

  replicasOf(rs: KubeObject): number {
    return this.replicas.get(rs.metadata.uid ?? "") ?? numberField(specOf(rs), "replicas", 1);
  }

  scale(rs: KubeObject, replicas: number): void {
    const before = this.replicasOf(rs);
    const annotations = {
      [DESIRED_REPLICAS]: String(this.desired),
      [MAX_REPLICAS]: String(this.desired + this.limits.maxSurge),
    };
    this.ctx.modify(this.ctx.types.replicaSets, rs, MANAGER, (current) => {
      current.spec = { ...specOf(current), replicas };
      // Annotations are refreshed when the Deployment scales a ReplicaSet, not on every pass.
      if (before !== replicas)
        current.metadata.annotations = { ...current.metadata.annotations, ...annotations };
      return current;
    });
    this.replicas.set(rs.metadata.uid ?? "", replicas);
    if (before !== replicas) this.announce(rs, before, replicas);
  }

  announce(rs: KubeObject, from: number, to: number): void {
    recordEvent(this.ctx, this.deployment, {
      type: "Normal",
      reason: "ScalingReplicaSet",
      message: `Scaled ${to > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${to}`,
      source: DEPLOYMENT_CONTROLLER,
    });
  }
}

function createNewReplicaSet(
  ctx: ControllerContext,
  deployment: KubeObject,
  revision: number,
  replicas: number,
  limits: RollingLimits,
): KubeObject {
  const spec = specOf(deployment);
  const hash = podTemplateHash(spec.template);
  const template = structuredClone((spec.template ?? {}) as Json);
  const templateMetadata = (template.metadata ?? {}) as Json;
  const labels = {
    ...((templateMetadata.labels ?? {}) as Record<string, string>),
    [POD_TEMPLATE_HASH]: hash,
  };
  template.metadata = { ...templateMetadata, labels };
  const selector = structuredClone((spec.selector ?? {}) as Json);
  selector.matchLabels = {
    ...((selector.matchLabels ?? {}) as Record<string, string>),
    [POD_TEMPLATE_HASH]: hash,
  };
  const desired = numberField(spec, "replicas", 1);
  const rsSpec: Json = { replicas, selector, template };
  if (spec.minReadySeconds !== undefined) rsSpec.minReadySeconds = spec.minReadySeconds;
  const rs: KubeObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `${deployment.metadata.name}-${hash}`,
      namespace: deployment.metadata.namespace,
      labels,
      annotations: {
        ...copiedAnnotations(deployment),
        [DESIRED_REPLICAS]: String(desired),
        [MAX_REPLICAS]: String(desired + limits.maxSurge),
        [REVISION]: String(revision),
      },
      ownerReferences: [controllerReference(deployment, ctx.types.deployments)],
    },
    spec: rsSpec,
  };
  return ctx.create(ctx.types.replicaSets, rs, MANAGER);
}

/** Copies the Deployment's annotations onto its new ReplicaSet and gives it the newest revision. */
function syncNewReplicaSetAnnotations(
  ctx: ControllerContext,
  deployment: KubeObject,
  rs: KubeObject,
  maxOldRevision: number,
): KubeObject | undefined {
  return ctx.modify(ctx.types.replicaSets, rs, MANAGER, (current) => {
    const annotations = { ...current.metadata.annotations, ...copiedAnnotations(deployment) };
    const oldRevision = annotations[REVISION];
    if (revisionOf(current) <= maxOldRevision) {
      annotations[REVISION] = String(maxOldRevision + 1);
      if (oldRevision) {
        const history = annotations[REVISION_HISTORY];
        annotations[REVISION_HISTORY] = history ? `${history},${oldRevision}` : oldRevision;
      }
    }
    current.metadata.annotations = annotations;
    return current;
  });
}

function copiedAnnotations(deployment: KubeObject): Record<string, string> {
  return Object.fromEntries(
    Object.entries(deployment.metadata.annotations ?? {}).filter(([key]) => !NOT_COPIED.has(key)),
  );
}

function revisionOf(rs: KubeObject): number {
  const value = Number(rs.metadata.annotations?.[REVISION] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function oldestFirst(items: KubeObject[]): KubeObject[] {
  return [...items].sort((a, b) => revisionOf(a) - revisionOf(b));
}

function soleActive(all: KubeObject[], scaler: ReplicaSetScaler): KubeObject | undefined {
  const active = all.filter((rs) => scaler.replicasOf(rs) > 0);
  if (active.length === 1) return active[0];
  if (active.length === 0) return [...all].sort((a, b) => revisionOf(b) - revisionOf(a))[0];
  return undefined; // proportional scaling of several active ReplicaSets is not modelled
}

/** reconcileNewReplicaSet: grow the new ReplicaSet as far as maxSurge allows (or shrink it to size). */
function rollNewReplicaSet(
  scaler: ReplicaSetScaler,
  all: KubeObject[],
  newRs: KubeObject,
  desired: number,
  limits: RollingLimits,
): void {
  const current = scaler.replicasOf(newRs);
  if (current >= desired) {
    if (current > desired) scaler.scale(newRs, desired);
    return;
  }
  const total = all.reduce((sum, rs) => sum + scaler.replicasOf(rs), 0);
  const room = desired + limits.maxSurge - total;
  if (room > 0) scaler.scale(newRs, current + Math.min(room, desired - current));
}

/** reconcileOldReplicaSets: shrink old ReplicaSets, unhealthy replicas first, keeping minAvailable. */
function rollOldReplicaSets(
  scaler: ReplicaSetScaler,
  all: KubeObject[],
  olds: KubeObject[],
  newRs: KubeObject,
  desired: number,
  limits: RollingLimits,
): void {
  const replicas = (items: KubeObject[]) => items.reduce((sum, rs) => sum + scaler.replicasOf(rs), 0);
  const available = (rs: KubeObject) => numberField(statusOf(rs), "availableReplicas");
  if (replicas(olds) === 0) return;
  const minAvailable = desired - limits.maxUnavailable;
  const newUnavailable = scaler.replicasOf(newRs) - available(newRs);
  const maxScaledDown = replicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return;

  let cleaned = 0;
  for (const rs of oldestFirst(olds)) {
    if (cleaned >= maxScaledDown) break;
    const count = scaler.replicasOf(rs);
    const unhealthy = count - available(rs);
    if (count === 0 || unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    scaler.scale(rs, count - down);
    cleaned += down;
  }

  const availableTotal = all.reduce((sum, rs) => sum + available(rs), 0);
  const toScaleDown = availableTotal - minAvailable;
  let scaledDown = 0;
  for (const rs of oldestFirst(olds)) {
    if (scaledDown >= toScaleDown) break;
    const count = scaler.replicasOf(rs);
    if (count === 0) continue;
    const down = Math.min(count, toScaleDown - scaledDown);
    scaler.scale(rs, count - down);
    scaledDown += down;
  }
}

/** Deletes the oldest fully scaled-down ReplicaSets beyond spec.revisionHistoryLimit. */
function cleanUpHistory(ctx: ControllerContext, deployment: KubeObject, newRs: KubeObject | undefined): void {
  const limit = numberField(specOf(deployment), "revisionHistoryLimit", 10);
  const idle = oldestFirst(
    ctx
      .controlledBy(ctx.types.replicaSets, deployment)
      .filter(
        (rs) =>
          rs.metadata.uid !== newRs?.metadata.uid &&
          numberField(specOf(rs), "replicas", 1) === 0 &&
          numberField(statusOf(rs), "replicas") === 0,
      ),
  );
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) ctx.delete(ctx.types.replicaSets, rs);
}
