// What every Argo Rollouts tool shares: how a caller names a Rollout, finding the served CRD through
// discovery, reading a Rollout and its ReplicaSets, and sending the kubectl-argo-rollouts plugin's
// patches (status subresource first, the main resource when the status subresource is not served).
import { ApiException } from "@kubernetes/client-node";
import type { KubeClients } from "../kubernetes/client.ts";
import type { ApiResource } from "../kubernetes/discovery.ts";
import { kubeError } from "../kubernetes/errors.ts";
import { resolveKind } from "../kubernetes/kinds.ts";
import { type MutationOutput, mutationResult } from "../kubernetes/mutation.ts";
import {
  getObject,
  type KubeObject,
  type ObjectRef,
  objectPath,
  requestJson,
} from "../kubernetes/object-rest.ts";
import {
  fieldManager,
  listControlled,
  type PodTemplateSpec,
  type Workload,
} from "../kubernetes/workloads.ts";
import type { ToolTarget } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { namespaceName, objectName } from "../shared/validation.ts";

export const rolloutApiVersion = "argoproj.io/v1alpha1";
/** The label Argo Rollouts puts on a Rollout's ReplicaSets and pods (its pod template hash). */
export const rolloutHashLabel = "rollouts-pod-template-hash";
export const rolloutRevisionAnnotation = "rollout.argoproj.io/revision";

/** The `{namespace, name}` arguments every Argo tool takes. */
export const rolloutReference = {
  namespace: namespaceName,
  name: objectName.describe("Name of the Argo Rollout"),
};

export interface RolloutRef {
  namespace: string;
  name: string;
}

export function rolloutTargets(ref: { namespace: string }): ToolTarget[] {
  return [{ namespace: ref.namespace }];
}

/** `rollout shop/web`, for summaries. */
export function describeRollout(ref: RolloutRef): string {
  return `rollout ${ref.namespace}/${ref.name}`;
}

export interface CanaryStep {
  setWeight?: number;
  pause?: { duration?: string | number };
  [key: string]: unknown;
}

export interface PauseCondition {
  reason?: string;
  startTime?: string;
}

/** A Rollout as the API server returns it (only the fields the tools read are typed). */
export interface Rollout extends Workload {
  spec?: Workload["spec"] & {
    restartAt?: string;
    strategy?: {
      canary?: { steps?: CanaryStep[]; [key: string]: unknown };
      blueGreen?: Record<string, unknown>;
    };
    template?: PodTemplateSpec;
  };
  status?: Workload["status"] & {
    phase?: string;
    message?: string;
    currentStepIndex?: number;
    pauseConditions?: PauseCondition[] | null;
    controllerPause?: boolean;
    abort?: boolean;
    abortedAt?: string;
    promoteFull?: boolean;
    stableRS?: string;
    currentPodHash?: string;
    restartedAt?: string;
    observedGeneration?: number | string;
  };
}

/** The served Rollout resource; a sentence that says Argo Rollouts is missing when it is not served. */
export async function rolloutResource(kube: KubeClients, signal: AbortSignal): Promise<ApiResource> {
  try {
    return await resolveKind(kube, "rollouts.argoproj.io", rolloutApiVersion, signal);
  } catch (error) {
    // Discovery answered, and rollouts.argoproj.io is not among what it serves.
    if (error instanceof ToolError && error.message.startsWith("The cluster does not serve")) {
      throw new ToolError(
        `The cluster does not serve Argo Rollouts (rollouts.argoproj.io/v1alpha1).`,
        "Install Argo Rollouts (its CRDs) in this cluster, or check that the kubeconfig points at the right cluster.",
      );
    }
    throw kubeError(error, { action: "look up", kind: "Rollout" });
  }
}

export async function rolloutRef(
  kube: KubeClients,
  ref: RolloutRef,
  signal: AbortSignal,
): Promise<ObjectRef> {
  return { resource: await rolloutResource(kube, signal), namespace: ref.namespace, name: ref.name };
}

export async function readRollout(kube: KubeClients, ref: ObjectRef, signal: AbortSignal): Promise<Rollout> {
  try {
    return (await getObject(kube, ref, signal)) as Rollout;
  } catch (error) {
    throw kubeError(error, { action: "read", kind: "Rollout", name: ref.name, namespace: ref.namespace });
  }
}

/** The ReplicaSets a Rollout controls (selector narrows the list, the controller reference decides). */
export function rolloutReplicaSets(
  kube: KubeClients,
  rollout: Rollout,
  signal: AbortSignal,
): Promise<Workload[]> {
  return listControlled<Workload>(kube, rollout, "replicasets", "ReplicaSet", signal);
}

export function canarySteps(rollout: Rollout): CanaryStep[] {
  const steps = rollout.spec?.strategy?.canary?.steps;
  return Array.isArray(steps) ? steps : [];
}

export function pauseConditions(rollout: Rollout): PauseCondition[] {
  const conditions = rollout.status?.pauseConditions;
  return Array.isArray(conditions) ? conditions : [];
}

/** status.currentStepIndex, or 0 when the controller has not written it (Argo's GetCurrentCanaryStep). */
export function currentStepIndex(rollout: Rollout): number {
  const index = rollout.status?.currentStepIndex;
  return typeof index === "number" ? index : 0;
}

/** Stable hash equals the current pod hash: nothing is being rolled out (Argo's IsFullyPromoted). */
export function isFullyPromoted(rollout: Rollout): boolean {
  return (rollout.status?.stableRS ?? "") === (rollout.status?.currentPodHash ?? "");
}

export function revisionOf(object: {
  metadata: { annotations?: Record<string, string> };
}): number | undefined {
  const value = Number(object.metadata.annotations?.[rolloutRevisionAnnotation]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export type PatchTarget = "status" | "rollout";

export interface SentPatch {
  /** "status": the status subresource; "rollout": the Rollout itself. */
  target: PatchTarget;
  type: "merge" | "json";
  patch: unknown;
}

const contentType = { merge: "application/merge-patch+json", json: "application/json-patch+json" } as const;

interface PatchOptions {
  dryRun: boolean;
  /** The sentence fragment for errors, e.g. "promote". */
  action: string;
  signal: AbortSignal;
}

async function sendPatch(
  kube: KubeClients,
  ref: ObjectRef,
  sent: SentPatch,
  options: PatchOptions,
): Promise<Rollout> {
  return requestJson<Rollout>(kube, objectPath(ref, sent.target === "status" ? "status" : undefined), {
    method: "PATCH",
    signal: options.signal,
    headers: { "Content-Type": contentType[sent.type] },
    body: JSON.stringify(sent.patch),
    query: { dryRun: options.dryRun ? "All" : undefined, fieldManager },
  });
}

function failure(error: unknown, ref: ObjectRef, action: string): ToolError {
  return kubeError(error, { action, kind: "Rollout", name: ref.name, namespace: ref.namespace });
}

/** A patch of the Rollout itself (spec), as a server-side dry run when asked. */
export async function patchRollout(
  kube: KubeClients,
  ref: ObjectRef,
  patch: Omit<SentPatch, "target">,
  options: PatchOptions,
): Promise<{ answer: Rollout; sent: SentPatch }> {
  const sent: SentPatch = { target: "rollout", ...patch };
  try {
    return { answer: await sendPatch(kube, ref, sent, options), sent };
  } catch (error) {
    throw failure(error, ref, options.action);
  }
}

/**
 * A merge patch of status, as the plugin sends it: to the status subresource, or — when the cluster
 * does not serve it (discovery, or a 404 from it: Argo Rollouts before v0.10) — `fallback` (by
 * default the same patch) to the Rollout itself. `fallback: null` sends nothing then, as the plugin.
 */
export async function patchStatus(
  kube: KubeClients,
  ref: ObjectRef,
  patch: unknown,
  options: PatchOptions & { fallback?: unknown },
): Promise<{ answer: Rollout; sent: SentPatch } | undefined> {
  const fallback = options.fallback === undefined ? patch : options.fallback;
  const viaRollout = async () =>
    fallback === null ? undefined : patchRollout(kube, ref, { type: "merge", patch: fallback }, options);
  if (!ref.resource.subresources.includes("status")) return viaRollout();
  const sent: SentPatch = { target: "status", type: "merge", patch };
  try {
    return { answer: await sendPatch(kube, ref, sent, options), sent };
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return viaRollout();
    throw failure(error, ref, options.action);
  }
}

// Status fields clients write (the plugin's patches); the rest of status is the controller's and
// would only show up as noise in a diff taken while the controller works.
const controlFields = ["currentStepIndex", "pauseConditions", "abort", "promoteFull"] as const;

/** The Rollout as a review shows it: metadata and spec, and the status fields the plugin's patches set. */
export function reviewView(rollout: Rollout): KubeObject {
  const { status, ...rest } = rollout;
  const control: Record<string, unknown> = {};
  for (const field of controlFields) {
    const value = status?.[field];
    if (value !== undefined && value !== null) control[field] = value;
  }
  return Object.keys(control).length > 0 ? { ...rest, status: control } : rest;
}

/**
 * The Rollout after a sequence of answers: a status answer brings its status, a Rollout answer its
 * metadata and spec (dry runs do not build on each other, so each answer only speaks for its part).
 */
export function combineAnswers(
  before: Rollout,
  answers: Array<{ answer: Rollout; sent: SentPatch }>,
): Rollout {
  let after: Rollout = structuredClone(before);
  for (const { answer, sent } of answers) {
    if (sent.target === "status") after = { ...after, status: answer.status };
    else
      after = {
        ...answer,
        status: isStatusPatch(sent.patch) ? answer.status : after.status,
      };
  }
  return after;
}

function isStatusPatch(patch: unknown): boolean {
  return typeof patch === "object" && patch !== null && "status" in patch;
}

/** The shared result of every mutating Argo tool. */
export function rolloutChange(dryRun: boolean, before: Rollout, after: Rollout): MutationOutput {
  return mutationResult(dryRun, [[reviewView(before), reviewView(after)]]);
}

/** The current time as the plugin writes spec.restartAt: RFC 3339, UTC, whole seconds. */
export function rfc3339Now(now = new Date()): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}
