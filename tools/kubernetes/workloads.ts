// What every workload tool shares: how a caller names a workload (kind aliases normalised), the
// shapes of apps/v1 objects as the API server sends them, and the reads and patches on them.
// Calls use the exact wire JSON (KubeClients.request) rather than the typed models, because the
// typed models turn timestamps into Dates and drop unknown fields, and undo sends a pod template
// back verbatim as a JSON patch.
import { ApiException } from "@kubernetes/client-node";
import { z } from "zod";
import type { ToolTarget } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { kindName, namespaceName, objectName } from "../shared/validation.ts";
import type { KubeClients } from "./client.ts";
import { kubeError } from "./errors.ts";
import { dryRunQuery, type MutationOutput, mutationResult } from "./mutation.ts";

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet";

/** The rollout-capable kinds; ReplicaSet only where a tool says so (scale). */
export const rolloutKinds: WorkloadKind[] = ["Deployment", "StatefulSet", "DaemonSet"];

const plurals: Record<WorkloadKind, string> = {
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  ReplicaSet: "replicasets",
};

/** How kubectl prints the kind in messages ("deployment", "statefulset", "daemon set"). */
export const kindWords: Record<WorkloadKind, string> = {
  Deployment: "deployment",
  StatefulSet: "statefulset",
  DaemonSet: "daemon set",
  ReplicaSet: "replica set",
};

const aliases: Record<string, WorkloadKind> = {
  deployment: "Deployment",
  deployments: "Deployment",
  deploy: "Deployment",
  statefulset: "StatefulSet",
  statefulsets: "StatefulSet",
  sts: "StatefulSet",
  daemonset: "DaemonSet",
  daemonsets: "DaemonSet",
  ds: "DaemonSet",
  replicaset: "ReplicaSet",
  replicasets: "ReplicaSet",
  rs: "ReplicaSet",
};

const aliasHints: Record<WorkloadKind, string> = {
  Deployment: "Deployment (deploy)",
  StatefulSet: "StatefulSet (sts)",
  DaemonSet: "DaemonSet (ds)",
  ReplicaSet: "ReplicaSet (rs)",
};

/**
 * The `kind` argument: a workload kind or a common alias (deploy, sts, ds, any case), normalised to
 * the Kubernetes spelling. `refusals` gives the sentence for a known kind this tool cannot handle.
 */
export function workloadKindInput(
  allowed: readonly WorkloadKind[],
  refusals: Partial<Record<WorkloadKind, string>> = {},
) {
  const accepted = allowed.map((kind) => aliasHints[kind]).join(", ");
  return kindName
    .transform((value, context): WorkloadKind => {
      const kind = aliases[value.toLowerCase()];
      if (kind && allowed.includes(kind)) return kind;
      const refusal = kind ? refusals[kind] : undefined;
      context.addIssue({
        code: "custom",
        message: refusal ?? `kind "${value}" is not supported by this tool; use one of ${accepted}.`,
      });
      return z.NEVER;
    })
    .describe(`Workload kind: ${accepted}; case-insensitive, plural forms accepted.`);
}

/** The `{namespace, kind, name}` arguments every workload tool takes. */
export function workloadReference(
  allowed: readonly WorkloadKind[] = rolloutKinds,
  refusals?: Partial<Record<WorkloadKind, string>>,
) {
  return {
    namespace: namespaceName,
    kind: workloadKindInput(allowed, refusals),
    name: objectName.describe("Name of the workload"),
  };
}

export interface WorkloadRef {
  namespace: string;
  kind: WorkloadKind;
  name: string;
}

export function workloadTargets(ref: { namespace: string }): ToolTarget[] {
  return [{ namespace: ref.namespace }];
}

/** `deployment shop/web`, for summaries. */
export function describeRef(ref: WorkloadRef): string {
  return `${kindWords[ref.kind]} ${ref.namespace}/${ref.name}`;
}

// --- Object shapes (only the fields the tools read; everything else passes through untouched) ---

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  [key: string]: unknown;
}

export interface PodTemplateSpec {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: { containers?: Container[]; initContainers?: Container[]; [key: string]: unknown };
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface WorkloadSpec {
  replicas?: number;
  paused?: boolean;
  selector?: { matchLabels?: Record<string, string>; [key: string]: unknown };
  template?: PodTemplateSpec;
  strategy?: { type?: string };
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; [key: string]: unknown } };
  [key: string]: unknown;
}

export interface WorkloadStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  currentReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  desiredNumberScheduled?: number;
  currentNumberScheduled?: number;
  updatedNumberScheduled?: number;
  numberReady?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  conditions?: Condition[];
  [key: string]: unknown;
}

/** A Deployment, StatefulSet, DaemonSet or ReplicaSet as the API server returns it. */
export interface Workload {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: WorkloadSpec;
  status?: WorkloadStatus;
  [key: string]: unknown;
}

/** A ControllerRevision: one saved pod template of a StatefulSet or DaemonSet. */
export interface ControllerRevision {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  revision: number;
  data?: { spec?: { template?: PodTemplateSpec } };
  [key: string]: unknown;
}

interface ListOf<T> {
  items?: T[];
  metadata?: { continue?: string };
}

// --- API access ---

/** Who the API server records as having made our changes (managedFields). */
export const fieldManager = "skyflo";

export function workloadPath(
  kind: WorkloadKind,
  namespace: string,
  name?: string,
  subresource?: string,
): string {
  const collection = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${plurals[kind]}`;
  if (!name) return collection;
  return `${collection}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ""}`;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface JsonRequest {
  method?: "GET" | "PATCH";
  query?: Record<string, string | number | boolean | undefined>;
  contentType?: string;
  body?: unknown;
  signal: AbortSignal;
}

/** One API call with JSON in and out; non-2xx answers become ApiException for kubeError. */
async function requestJson<T>(kube: KubeClients, path: string, request: JsonRequest): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (request.contentType) headers["Content-Type"] = request.contentType;
  const response = await kube.request(path, {
    method: request.method ?? "GET",
    query: request.query,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: request.signal,
  });
  const body = parseBody(response.text);
  if (response.status < 200 || response.status > 299) {
    throw new ApiException(response.status, `HTTP ${response.status} from ${path}`, body, response.headers);
  }
  return body as T;
}

export async function readWorkload(
  kube: KubeClients,
  ref: WorkloadRef,
  signal: AbortSignal,
): Promise<Workload> {
  try {
    return await requestJson<Workload>(kube, workloadPath(ref.kind, ref.namespace, ref.name), { signal });
  } catch (error) {
    throw kubeError(error, { action: "read", kind: ref.kind, name: ref.name, namespace: ref.namespace });
  }
}

export type PatchType = "strategic" | "merge" | "json";

const patchContentTypes: Record<PatchType, string> = {
  strategic: "application/strategic-merge-patch+json",
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
};

export interface PatchRequest {
  type: PatchType;
  patch: unknown;
  dryRun: boolean;
  /** e.g. "scale"; the answer is then the subresource object. */
  subresource?: string;
  /** What the error sentence says was being done ("set the image of"). */
  action: string;
  signal: AbortSignal;
}

/** Patches a workload (or its subresource), as a server-side dry run when asked. */
export async function patchWorkload<T = Workload>(
  kube: KubeClients,
  ref: WorkloadRef,
  request: PatchRequest,
): Promise<T> {
  try {
    return await requestJson<T>(kube, workloadPath(ref.kind, ref.namespace, ref.name, request.subresource), {
      method: "PATCH",
      query: { dryRun: dryRunQuery(request.dryRun), fieldManager },
      contentType: patchContentTypes[request.type],
      body: request.patch,
      signal: request.signal,
    });
  } catch (error) {
    throw kubeError(error, {
      action: request.action,
      kind: ref.kind,
      name: ref.name,
      namespace: ref.namespace,
    });
  }
}

// Server-sent label values are already valid; the selector only narrows the list, ownership decides.
function matchLabelsSelector(workload: Workload): string | undefined {
  const labels = workload.spec?.selector?.matchLabels;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

/** True when `owner` is the controller of `object` (what kubectl's ControllerRef check does). */
export function isControlledBy(object: { metadata: ObjectMeta }, owner: Workload): boolean {
  const uid = owner.metadata.uid;
  return (object.metadata.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === uid);
}

const maxListPages = 20;

/** Every object of a collection in the workload's namespace that the workload controls. */
export async function listControlled<T extends { metadata: ObjectMeta }>(
  kube: KubeClients,
  owner: Workload,
  collection: string,
  what: string,
  signal: AbortSignal,
  /** The error to give when the cluster does not serve this collection at all. */
  notServed?: () => ToolError,
): Promise<T[]> {
  const namespace = owner.metadata.namespace ?? "";
  const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${collection}`;
  const found: T[] = [];
  let next: string | undefined;
  try {
    for (let page = 0; page < maxListPages; page++) {
      const list = await requestJson<ListOf<T>>(kube, path, {
        query: { labelSelector: matchLabelsSelector(owner), limit: 500, continue: next },
        signal,
      });
      found.push(...(list.items ?? []).filter((item) => isControlledBy(item, owner)));
      next = list.metadata?.continue || undefined;
      if (!next) break;
    }
  } catch (error) {
    if (notServed && error instanceof ApiException && error.code === 404) throw notServed();
    throw kubeError(error, { action: "list", kind: what, namespace });
  }
  return found;
}

// --- Pod templates ---

export const podTemplateHashLabel = "pod-template-hash";

/** The template without the label the Deployment controller adds to its ReplicaSets. */
export function withoutHashLabel(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[podTemplateHashLabel];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

// Kubernetes' semantic equality treats nil and empty maps/lists alike; so does this.
function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalised);
  if (value === null || typeof value !== "object") return value ?? undefined;
  const entries = Object.entries(value)
    .map(([key, child]) => [key, normalised(child)] as const)
    .filter(([, child]) => child !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** kubectl's EqualIgnoreHash: two pod templates equal apart from the pod-template-hash label. */
export function templatesEqualIgnoringHash(
  a: PodTemplateSpec | undefined,
  b: PodTemplateSpec | undefined,
): boolean {
  return JSON.stringify(normalised(withoutHashLabel(a))) === JSON.stringify(normalised(withoutHashLabel(b)));
}

export interface ContainerImage {
  container: string;
  image: string;
  init: boolean;
}

export function templateImages(template: PodTemplateSpec | undefined): ContainerImage[] {
  const spec = template?.spec ?? {};
  return [
    ...(spec.initContainers ?? []).map((c) => ({ container: c.name, image: c.image ?? "", init: true })),
    ...(spec.containers ?? []).map((c) => ({ container: c.name, image: c.image ?? "", init: false })),
  ];
}

/** Refuses with kubectl's sentence when a paused Deployment cannot be changed this way. */
export function assertNotPaused(workload: Workload, ref: WorkloadRef, what: string): void {
  if (ref.kind === "Deployment" && workload.spec?.paused === true) {
    throw new ToolError(
      `Cannot ${what} deployment "${ref.name}" in namespace "${ref.namespace}": it is paused.`,
      "Resume it first (set spec.paused to false, as `kubectl rollout resume` does) and try again.",
    );
  }
}

/**
 * The change a workload tool made (or would make). Workload kinds keep .status in a subresource
 * that only controllers write, so it is left out: a controller updating it between our read and
 * our write would otherwise show up as a change nobody asked for.
 */
export function workloadChange(dryRun: boolean, before: Workload, after: Workload): MutationOutput {
  const { status: _before, ...beforeSpec } = before;
  const { status: _after, ...afterSpec } = after;
  return mutationResult(dryRun, [[beforeSpec, afterSpec]]);
}
