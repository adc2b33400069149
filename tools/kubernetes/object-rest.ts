// Any-kind object calls (get, list, patch, apply, delete) on paths built from discovery.
// Not KubernetesObjectApi: its per-call options replace the whole Configuration and ignore
// per-call middleware (so the call deadline could not cancel the request), its typed
// (de)serialisation drops fields the bundled models do not know (strategic-merge directives,
// newer API fields) and it cannot send a JSON patch (an array). These calls send and receive the
// exact JSON and raise ApiException like every typed call, so kubeError() reads them the same way.
import { ApiException } from "@kubernetes/client-node";
import type { KubeClients, RawRequest } from "./client.ts";
import { type ApiResource, resourcePath } from "./discovery.ts";

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    managedFields?: unknown[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface KubeList {
  apiVersion?: string;
  kind?: string;
  metadata?: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
  items: KubeObject[];
}

/** One object: its served resource, its namespace (undefined for cluster-scoped kinds) and name. */
export interface ObjectRef {
  resource: ApiResource;
  namespace: string | undefined;
  name: string;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The text of a 2xx answer; other answers throw ApiException with the Status body attached. */
export async function requestText(
  clients: KubeClients,
  path: string,
  request: RawRequest = {},
): Promise<string> {
  const response = await clients.request(path, request);
  if (response.status < 200 || response.status > 299) {
    throw new ApiException(
      response.status,
      `HTTP ${response.status}`,
      parseBody(response.text),
      response.headers,
    );
  }
  return response.text;
}

/** A request whose 2xx answer is JSON. */
export async function requestJson<T>(
  clients: KubeClients,
  path: string,
  request: RawRequest = {},
): Promise<T> {
  const text = await requestText(clients, path, {
    ...request,
    headers: { Accept: "application/json", ...request.headers },
  });
  return JSON.parse(text) as T;
}

export function objectPath(ref: ObjectRef, subresource?: string): string {
  return resourcePath(ref.resource, ref.namespace, ref.name, subresource);
}

/** The live object with `kind`/`apiVersion` filled in (some servers omit them). */
export async function getObject(
  clients: KubeClients,
  ref: ObjectRef,
  signal: AbortSignal,
): Promise<KubeObject> {
  const object = await requestJson<KubeObject>(clients, objectPath(ref), { signal });
  return withType(object, ref.resource);
}

/** The live object, or undefined when it does not exist. */
export async function findObject(
  clients: KubeClients,
  ref: ObjectRef,
  signal: AbortSignal,
): Promise<KubeObject | undefined> {
  try {
    return await getObject(clients, ref, signal);
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw error;
  }
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

/** A list; items get `kind`/`apiVersion` (list items come without them), as kubectl shows them. */
export async function listObjects(
  clients: KubeClients,
  resource: ApiResource,
  options: ListOptions,
  signal: AbortSignal,
): Promise<KubeList> {
  const list = await requestJson<KubeList>(clients, resourcePath(resource, options.namespace), {
    signal,
    query: {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continueToken,
    },
  });
  return { ...list, items: (list.items ?? []).map((item) => withType(item, resource)) };
}

export const contentTypes = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
} as const;

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
}

/** A PATCH of any type; `apply` is server-side apply (a JSON body is valid YAML). */
export async function patchObject(
  clients: KubeClients,
  ref: ObjectRef,
  type: keyof typeof contentTypes,
  body: unknown,
  options: WriteOptions,
  signal: AbortSignal,
): Promise<KubeObject> {
  const object = await requestJson<KubeObject>(clients, objectPath(ref), {
    method: "PATCH",
    signal,
    headers: { "Content-Type": contentTypes[type] },
    body: JSON.stringify(body),
    query: {
      dryRun: options.dryRun ? "All" : undefined,
      fieldManager: options.fieldManager,
      force: type === "apply" ? options.force === true : undefined,
    },
  });
  return withType(object, ref.resource);
}

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

/**
 * Deletes one object. The answer is either the object (still there, finalizers pending, or a dry
 * run on some servers) or a Status; callers diff against the object they read before.
 */
export async function deleteObject(
  clients: KubeClients,
  ref: ObjectRef,
  options: { dryRun: boolean; propagationPolicy: PropagationPolicy },
  signal: AbortSignal,
): Promise<KubeObject> {
  return requestJson<KubeObject>(clients, objectPath(ref), {
    method: "DELETE",
    signal,
    query: { dryRun: options.dryRun ? "All" : undefined, propagationPolicy: options.propagationPolicy },
  });
}

export function withType(object: KubeObject, resource: ApiResource): KubeObject {
  return { apiVersion: resource.apiVersion, kind: resource.kind, ...object };
}
