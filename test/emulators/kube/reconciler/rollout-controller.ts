// Argo Rollouts' controller for Rollouts with the basic canary strategy (no traffic routing), small
// but faithful for the fields clients read:
// - each pod template gets a ReplicaSet `<rollout>-<hash>` labelled rollouts-pod-template-hash and
//   annotated rollout.argoproj.io/revision; the first template is stable at once (no steps), a new
//   one is the canary and walks spec.strategy.canary.steps from status.currentStepIndex 0;
// - setWeight scales the canary to ceil(replicas × weight%) and the stable ReplicaSet to
//   ceil(replicas × (100 − weight)%), then waits for the canary pods to be ready;
// - pause adds a CanaryPauseStep pause condition (status.controllerPause true) that ends after its
//   duration, or when a client clears status.pauseConditions (`promote`); spec.paused holds the
//   steps (`pause`); status.promoteFull skips the remaining steps; status.abort scales the canary
//   to zero and the stable ReplicaSet back up (Degraded); clearing it (`retry`) starts the steps again;
// - at the end the canary becomes stableRS and older ReplicaSets scale to zero;
// - spec.restartAt restarts pods created before it and is mirrored in status.restartedAt;
// - status.phase/message follow Argo's CalculateRolloutPhase; no progress for
//   spec.progressDeadlineSeconds (default 600) — e.g. a broken image — is Degraded.
// Analysis, experiments, traffic routing and blue-green are not modelled (such steps pass at once).
import { ROLLOUT_API_VERSION } from "../argo-rollouts.ts";
import { applyDefaults } from "../defaults.ts";
import type { KubeObject, ResourceType, StoreEvent } from "../types.ts";
import {
  type ControllerContext,
  controllerOf,
  controllerReference,
  type Json,
  numberField,
  specOf,
  statusOf,
} from "./context.ts";
import { type Condition, setCondition } from "./deployment-status.ts";
import { isPodReady } from "./pod-lifecycle.ts";
import { podTemplateHash } from "./pod-template-hash.ts";

export const ROLLOUT_HASH_LABEL = "rollouts-pod-template-hash";
export const ROLLOUT_REVISION = "rollout.argoproj.io/revision";
export const CANARY_PAUSE_STEP = "CanaryPauseStep";
const MANAGER = "argo-rollouts";
const DEFAULT_DEADLINE_SECONDS = 600;

interface PauseCondition {
  reason: string;
  startTime: string;
}

interface CanaryStep {
  setWeight?: number;
  pause?: { duration?: string | number };
  [key: string]: unknown;
}

/** What the controller remembers between passes (timestamps in status have 1 s precision). */
interface RolloutMemory {
  /** Per Rollout uid: the step a pause started at and when (ms). */
  pauses: Map<string, { index: number; at: number }>;
  /** Per Rollout uid: the last observed progress and when it was first seen. */
  progress: Map<string, { signature: string; at: number }>;
}

export interface RolloutController {
  /** Reacts to Rollouts and to the ReplicaSets they own. */
  onEvent(event: StoreEvent): void;
}

/** Starts the controller when the registry serves Rollouts; undefined otherwise. */
export function startRolloutController(ctx: ControllerContext): RolloutController | undefined {
  const type = ctx.store.registry.byKind(ROLLOUT_API_VERSION, "Rollout");
  if (!type) return undefined;
  const memory: RolloutMemory = { pauses: new Map(), progress: new Map() };
  const queueKey = (namespace: string | undefined, name: string) => `Rollout/${namespace ?? ""}/${name}`;
  const enqueue = (namespace: string | undefined, name: string) =>
    ctx.queue.add(queueKey(namespace, name), () => reconcile(namespace, name));
  const later = (rollout: KubeObject, purpose: string, ms: number) => {
    const { namespace, name = "" } = rollout.metadata;
    ctx.after(`rollout-${purpose}/${rollout.metadata.uid}`, Math.max(1, ms), queueKey(namespace, name), () =>
      reconcile(namespace, name),
    );
  };
  const reconcile = (namespace: string | undefined, name: string) =>
    reconcileRollout({ ctx, type, memory, later }, namespace, name);

  for (const item of ctx.store.list(type).items) enqueue(item.metadata.namespace, item.metadata.name ?? "");

  return {
    onEvent({ type: eventType, resource, object }) {
      if (resource.group === type.group && resource.plural === type.plural) {
        const uid = object.metadata.uid ?? "";
        if (eventType === "DELETED") {
          for (const purpose of ["pause", "deadline", "restart"]) ctx.cancel(`rollout-${purpose}/${uid}`);
          memory.pauses.delete(uid);
          memory.progress.delete(uid);
        } else {
          enqueue(object.metadata.namespace, object.metadata.name ?? "");
        }
        return;
      }
      if (resource.group === "apps" && resource.kind === "ReplicaSet") {
        const owner = controllerOf(object);
        if (owner?.kind === "Rollout" && owner.apiVersion === ROLLOUT_API_VERSION) {
          enqueue(object.metadata.namespace, owner.name);
        }
      }
    },
  };
}

interface Env {
  ctx: ControllerContext;
  type: ResourceType;
  memory: RolloutMemory;
  later(rollout: KubeObject, purpose: string, ms: number): void;
}

function reconcileRollout(env: Env, namespace: string | undefined, name: string): void {
  const { ctx, type, memory } = env;
  const rollout = ctx.store.get(type, namespace, name);
  if (!rollout || rollout.metadata.deletionTimestamp) return;
  const uid = rollout.metadata.uid ?? "";
  const spec = specOf(rollout);
  const desired = numberField(spec, "replicas", 1);
  const steps = canaryStepsOf(spec);
  const hash = templateHash(spec.template);
  const now = ctx.now();
  const next: Json = { ...statusOf(rollout) };

  // The ReplicaSet of the current template: created, or re-used (a rollback) with the next revision.
  const owned = ctx.controlledBy(ctx.types.replicaSets, rollout);
  let canary = owned.find((rs) => hashOf(rs) === hash);
  const others = owned.filter((rs) => rs !== canary);
  const maxRevision = Math.max(0, ...others.map(revisionOf));
  if (!canary) {
    canary = createReplicaSet(ctx, type, rollout, hash, maxRevision + 1);
  } else if (next.currentPodHash !== hash && revisionOf(canary) < maxRevision) {
    canary = setRevision(ctx, canary, maxRevision + 1);
  }
  const revision = revisionOf(canary);
  ctx.modify(type, rollout, MANAGER, (current) => {
    current.metadata.annotations = { ...current.metadata.annotations, [ROLLOUT_REVISION]: String(revision) };
    return current;
  });

  // A new template (or the first one) resets the canary's progress.
  if (typeof next.stableRS !== "string" || next.stableRS === "") {
    next.stableRS = hash;
    next.currentPodHash = hash;
  } else if (next.currentPodHash !== hash) {
    next.currentPodHash = hash;
    // Going back to the stable template needs no canary steps.
    next.currentStepIndex = hash === next.stableRS ? steps.length : 0;
    for (const field of ["pauseConditions", "controllerPause", "abort", "abortedAt", "promoteFull"])
      delete next[field];
    memory.pauses.delete(uid);
  }
  if (next.stableRS === hash) next.currentStepIndex = steps.length;

  restartPods(env, rollout, next, owned);

  const aborted = next.abort === true;
  if (aborted) {
    next.abortedAt ??= now;
    next.currentStepIndex = 0;
    delete next.pauseConditions;
    delete next.controllerPause;
    memory.pauses.delete(uid);
  } else {
    delete next.abortedAt; // a retry (abort cleared) starts the steps again
    if (next.promoteFull === true) {
      next.currentStepIndex = steps.length;
      delete next.pauseConditions;
      delete next.controllerPause;
    }
  }

  const stable = owned.find((rs) => hashOf(rs) === next.stableRS);
  const pods = (rs: KubeObject | undefined) => (rs ? ctx.controlledBy(ctx.types.pods, rs) : []);
  const ready = (rs: KubeObject | undefined) => pods(rs).filter(isPodReady).length;
  const isCanary = stable?.metadata.uid !== canary.metadata.uid;

  let index = Math.min(Math.max(0, numberField(next, "currentStepIndex", 0)), steps.length);
  if (!aborted && isCanary && spec.paused !== true) {
    index = walkSteps(env, rollout, next, steps, index, {
      canaryReady: ready(canary),
      stablePods: pods(stable).length,
      desired,
    });
  }
  if (steps.length > 0 || next.currentStepIndex !== undefined) next.currentStepIndex = index;

  // Scale: the canary and the stable ReplicaSet to the current weight, every other one to zero.
  const scale = (rs: KubeObject, replicas: number) =>
    ctx.modify(ctx.types.replicaSets, rs, MANAGER, (current) => {
      current.spec = { ...specOf(current), replicas };
      return current;
    });
  if (!isCanary) {
    scale(canary, desired);
  } else if (aborted) {
    scale(canary, 0);
    if (stable) scale(stable, desired);
  } else {
    const weight = index >= steps.length ? 100 : weightAt(steps, index);
    const canaryTarget = Math.ceil((desired * weight) / 100);
    scale(canary, canaryTarget);
    if (stable) {
      const stableTarget = Math.ceil((desired * (100 - weight)) / 100);
      const canaryUp = ready(canary) >= canaryTarget;
      scale(
        stable,
        canaryUp ? stableTarget : Math.max(stableTarget, numberField(specOf(stable), "replicas")),
      );
    }
    if (index >= steps.length && ready(canary) >= desired) {
      next.stableRS = hash; // fully promoted
      delete next.promoteFull;
    }
  }
  for (const rs of others) if (rs.metadata.uid !== stable?.metadata.uid) scale(rs, 0);
  if (next.stableRS === hash && stable && stable.metadata.uid !== canary.metadata.uid) scale(stable, 0);

  writeStatus(env, rollout, next, { desired, steps, canary, owned: [...others, canary], now });
}

/** Advances through the canary steps as far as the cluster allows; returns the new step index. */
function walkSteps(
  env: Env,
  rollout: KubeObject,
  next: Json,
  steps: CanaryStep[],
  start: number,
  seen: { canaryReady: number; stablePods: number; desired: number },
): number {
  const { memory, ctx } = env;
  const uid = rollout.metadata.uid ?? "";
  let index = start;
  while (index < steps.length) {
    const step = steps[index] as CanaryStep;
    if (typeof step.setWeight === "number") {
      const canaryTarget = Math.ceil((seen.desired * step.setWeight) / 100);
      const stableTarget = Math.ceil((seen.desired * (100 - step.setWeight)) / 100);
      if (seen.canaryReady < canaryTarget || seen.stablePods > stableTarget) break;
      index++;
      continue;
    }
    if (step.pause !== undefined) {
      const conditions = (
        Array.isArray(next.pauseConditions) ? next.pauseConditions : []
      ) as PauseCondition[];
      const pausedHere = conditions.find((c) => c.reason === CANARY_PAUSE_STEP);
      const duration = durationMs(step.pause?.duration);
      if (pausedHere) {
        if (duration === undefined) break;
        const remembered = memory.pauses.get(uid);
        const started = remembered?.index === index ? remembered.at : Date.parse(pausedHere.startTime);
        const remaining = started + duration - Date.now();
        if (remaining > 0) {
          env.later(rollout, "pause", remaining);
          break;
        }
        endPause(next);
        memory.pauses.delete(uid);
        index++;
        continue;
      }
      if (next.controllerPause === true) {
        // A client cleared the pause conditions (`kubectl argo rollouts promote`): move on.
        delete next.controllerPause;
        memory.pauses.delete(uid);
        index++;
        continue;
      }
      if (duration === 0) {
        index++;
        continue;
      }
      next.pauseConditions = [...conditions, { reason: CANARY_PAUSE_STEP, startTime: ctx.now() }];
      next.controllerPause = true;
      memory.pauses.set(uid, { index, at: Date.now() });
      if (duration !== undefined) env.later(rollout, "pause", duration);
      break;
    }
    index++; // analysis, experiment and other steps are not modelled: they pass at once
  }
  return index;
}

function endPause(next: Json): void {
  const conditions = (Array.isArray(next.pauseConditions) ? next.pauseConditions : []) as PauseCondition[];
  const rest = conditions.filter((c) => c.reason !== CANARY_PAUSE_STEP);
  if (rest.length > 0) next.pauseConditions = rest;
  else delete next.pauseConditions;
  delete next.controllerPause;
}

/** spec.restartAt: pods created at or before it are deleted once (their ReplicaSets replace them). */
function restartPods(env: Env, rollout: KubeObject, next: Json, owned: KubeObject[]): void {
  const restartAt = specOf(rollout).restartAt;
  if (typeof restartAt !== "string" || restartAt === next.restartedAt) return;
  const at = Date.parse(restartAt);
  if (Number.isNaN(at)) return;
  if (at > Date.now()) {
    env.later(rollout, "restart", at - Date.now());
    return;
  }
  // Timestamps have 1 s precision, so a pod created in the second of restartAt is restarted too.
  for (const rs of owned) {
    for (const pod of env.ctx.controlledBy(env.ctx.types.pods, rs)) {
      if (Date.parse(pod.metadata.creationTimestamp ?? "") <= at) env.ctx.delete(env.ctx.types.pods, pod);
    }
  }
  next.restartedAt = restartAt;
}

interface StatusInputs {
  desired: number;
  steps: CanaryStep[];
  canary: KubeObject;
  owned: KubeObject[];
  now: string;
}

function writeStatus(env: Env, rollout: KubeObject, next: Json, inputs: StatusInputs): void {
  const { ctx, type, memory } = env;
  const { desired, steps, canary, owned, now } = inputs;
  const uid = rollout.metadata.uid ?? "";
  const live = owned.filter((rs) =>
    ctx.store.get(ctx.types.replicaSets, rs.metadata.namespace, rs.metadata.name ?? ""),
  );
  const podsOf = (rs: KubeObject) => ctx.controlledBy(ctx.types.pods, rs);
  const replicas = live.reduce((sum, rs) => sum + podsOf(rs).length, 0);
  const updated = podsOf(canary).length;
  const readyCount = live.reduce((sum, rs) => sum + podsOf(rs).filter(isPodReady).length, 0);
  Object.assign(next, {
    observedGeneration: String(rollout.metadata.generation ?? 1),
    replicas,
    updatedReplicas: updated,
    readyReplicas: readyCount,
    availableReplicas: readyCount,
    selector: selectorString(specOf(rollout).selector),
  });
  if (steps.length > 0) next.currentStepHash = podTemplateHash(steps);

  const spec = specOf(rollout);
  const revision = revisionOf(canary);
  const pauseConditions = Array.isArray(next.pauseConditions)
    ? (next.pauseConditions as PauseCondition[])
    : [];
  const paused = spec.paused === true || pauseConditions.length > 0;
  const restarting = typeof spec.restartAt === "string" && spec.restartAt !== next.restartedAt;
  let [phase, message] = progressingPhase(next, { desired, restarting });
  if (spec.paused === true) [phase, message] = ["Paused", "manually paused"];
  else if (pauseConditions[0]) [phase, message] = ["Paused", pauseConditions[0].reason];

  // Progress deadline: a canary that stops making progress (e.g. a broken image) is Degraded.
  let timedOut = false;
  if (phase === "Progressing" && next.abort !== true) {
    const signature = JSON.stringify([
      next.currentPodHash,
      next.currentStepIndex,
      replicas,
      updated,
      readyCount,
    ]);
    const deadlineMs = numberField(spec, "progressDeadlineSeconds", DEFAULT_DEADLINE_SECONDS) * 1000;
    const last = memory.progress.get(uid);
    if (!last || last.signature !== signature) {
      memory.progress.set(uid, { signature, at: Date.now() });
      env.later(rollout, "deadline", deadlineMs + 5);
    } else if (Date.now() - last.at >= deadlineMs) {
      timedOut = true;
    } else {
      env.later(rollout, "deadline", last.at + deadlineMs - Date.now() + 5);
    }
  } else {
    memory.progress.delete(uid);
    ctx.cancel(`rollout-deadline/${uid}`);
  }

  let conditions = ((next.conditions ?? []) as Condition[]).map((c) => ({ ...c }));
  const canaryName = canary.metadata.name ?? "";
  let progressing: Omit<Condition, "type" | "lastUpdateTime" | "lastTransitionTime">;
  if (next.abort === true) {
    const abortMessage = `Rollout aborted update to revision ${revision}`;
    progressing = { status: "False", reason: "RolloutAborted", message: abortMessage };
    [phase, message] = ["Degraded", `RolloutAborted: ${abortMessage}`];
  } else if (timedOut) {
    const timeoutMessage = `ReplicaSet "${canaryName}" has timed out progressing.`;
    progressing = { status: "False", reason: "ProgressDeadlineExceeded", message: timeoutMessage };
    [phase, message] = ["Degraded", `ProgressDeadlineExceeded: ${timeoutMessage}`];
  } else if (phase === "Healthy") {
    progressing = {
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: `ReplicaSet "${canaryName}" has successfully progressed.`,
    };
  } else if (paused) {
    progressing = { status: "Unknown", reason: "RolloutPaused", message: "Rollout is paused" };
  } else {
    progressing = {
      status: "True",
      reason: "ReplicaSetUpdated",
      message: `ReplicaSet "${canaryName}" is progressing.`,
    };
  }
  conditions = setCondition(conditions, { type: "Progressing", ...progressing }, now);
  conditions = setCondition(
    conditions,
    readyCount >= desired
      ? {
          type: "Available",
          status: "True",
          reason: "AvailableReason",
          message: "Rollout has minimum availability",
        }
      : {
          type: "Available",
          status: "False",
          reason: "AvailableReason",
          message: "Rollout does not have minimum availability",
        },
    now,
  );
  if (paused || conditions.some((c) => c.type === "Paused")) {
    conditions = setCondition(
      conditions,
      paused
        ? { type: "Paused", status: "True", reason: "RolloutPaused", message: "Rollout is paused" }
        : { type: "Paused", status: "False", reason: "RolloutResumed", message: "Rollout is resumed" },
      now,
    );
  }
  next.conditions = conditions;
  next.phase = phase;
  next.message = message;
  ctx.modifyStatus(type, rollout, MANAGER, () => next);
}

/** Argo's CalculateRolloutPhase for a Rollout that is neither paused nor degraded. */
function progressingPhase(next: Json, facts: { desired: number; restarting: boolean }): [string, string] {
  if (facts.restarting) return ["Progressing", "rollout is restarting"];
  const updated = numberField(next, "updatedReplicas");
  if (updated < facts.desired) return ["Progressing", "more replicas need to be updated"];
  if (numberField(next, "availableReplicas") < updated)
    return ["Progressing", "updated replicas are still becoming available"];
  if (numberField(next, "replicas") > updated) return ["Progressing", "old replicas are pending termination"];
  if (next.stableRS !== next.currentPodHash) return ["Progressing", "waiting for all steps to complete"];
  return ["Healthy", ""];
}

function createReplicaSet(
  ctx: ControllerContext,
  type: ResourceType,
  rollout: KubeObject,
  hash: string,
  revision: number,
): KubeObject {
  const spec = specOf(rollout);
  const template = structuredClone((spec.template ?? {}) as Json);
  const templateMetadata = (template.metadata ?? {}) as Json;
  const labels = {
    ...((templateMetadata.labels ?? {}) as Record<string, string>),
    [ROLLOUT_HASH_LABEL]: hash,
  };
  template.metadata = { ...templateMetadata, labels };
  const selector = structuredClone((spec.selector ?? {}) as Json);
  selector.matchLabels = {
    ...((selector.matchLabels ?? {}) as Record<string, string>),
    [ROLLOUT_HASH_LABEL]: hash,
  };
  return ctx.create(
    ctx.types.replicaSets,
    {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${rollout.metadata.name}-${hash}`,
        namespace: rollout.metadata.namespace,
        labels,
        annotations: { [ROLLOUT_REVISION]: String(revision) },
        ownerReferences: [controllerReference(rollout, type)],
      },
      spec: { replicas: 0, selector, template },
    },
    MANAGER,
  );
}

function setRevision(ctx: ControllerContext, rs: KubeObject, revision: number): KubeObject {
  return (
    ctx.modify(ctx.types.replicaSets, rs, MANAGER, (current) => {
      current.metadata.annotations = {
        ...current.metadata.annotations,
        [ROLLOUT_REVISION]: String(revision),
      };
      return current;
    }) ?? rs
  );
}

function canaryStepsOf(spec: Json): CanaryStep[] {
  const strategy = (spec.strategy ?? {}) as Json;
  const canary = (strategy.canary ?? {}) as Json;
  return Array.isArray(canary.steps) ? (canary.steps as CanaryStep[]) : [];
}

/** The weight in force at `index`: the last setWeight at or before it (0 before any). */
function weightAt(steps: CanaryStep[], index: number): number {
  let weight = 0;
  for (const step of steps.slice(0, index + 1))
    if (typeof step.setWeight === "number") weight = step.setWeight;
  return weight;
}

/** Argo's DurationString: a number of seconds, or Go duration units ("30s", "5m", "1h30m", "500ms"). */
export function durationMs(duration: string | number | undefined): number | undefined {
  if (duration === undefined) return undefined;
  if (typeof duration === "number") return duration * 1000;
  if (/^\d+$/.test(duration)) return Number(duration) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== duration) return undefined;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * (units[unit ?? "s"] ?? 1000), 0);
}

/**
 * The hash of the template with the pod defaults the API server gives a ReplicaSet's template, so a
 * template copied back from a ReplicaSet (`undo`) is recognised as the same version, as Argo's
 * PodTemplateEqualIgnoreHash (which defaults the desired template before comparing) does.
 */
function templateHash(template: unknown): string {
  const probe: KubeObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {},
    spec: { template: withoutRolloutHash(template) },
  };
  applyDefaults(probe, undefined);
  return podTemplateHash((probe.spec as Json).template);
}

function withoutRolloutHash(template: unknown): unknown {
  const copy = structuredClone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels[ROLLOUT_HASH_LABEL];
  return copy;
}

function hashOf(rs: KubeObject): string | undefined {
  return rs.metadata.labels?.[ROLLOUT_HASH_LABEL];
}

function revisionOf(rs: KubeObject): number {
  const value = Number(rs.metadata.annotations?.[ROLLOUT_REVISION] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function selectorString(selector: unknown): string {
  const labels = ((selector ?? {}) as { matchLabels?: Record<string, string> }).matchLabels ?? {};
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}
