// Kinds as callers name them → served resources (CRDs included), and the namespace a call on
// them uses. One Discovery per set of clients, so its cache outlives a single tool call.
import type { Policy } from "../policy.ts";
import type { ToolTarget } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import type { KubeClients } from "./client.ts";
import { type ApiResource, Discovery } from "./discovery.ts";

const discoveries = new WeakMap<KubeClients, Discovery>();

export function discoveryFor(clients: KubeClients, fresh = false): Discovery {
  let discovery = discoveries.get(clients);
  if (!discovery || fresh) {
    discovery = new Discovery(clients);
    discoveries.set(clients, discovery);
  }
  return discovery;
}

/**
 * The served resource for a kind. A miss is retried once against fresh discovery documents, as
 * kubectl does, so a CRD installed a moment ago resolves without waiting for the cache to expire.
 */
export async function resolveKind(
  clients: KubeClients,
  kind: string,
  apiVersion: string | undefined,
  signal: AbortSignal,
): Promise<ApiResource> {
  try {
    return await discoveryFor(clients).resolve(kind, apiVersion, signal);
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return discoveryFor(clients, true).resolve(kind, apiVersion, signal);
  }
}

/** Kinds by which a caller names Namespace objects; touching one touches that namespace. */
export function isNamespaceKind(kind: string, apiVersion?: string): boolean {
  return (
    (apiVersion === undefined || apiVersion === "v1") &&
    ["namespace", "namespaces", "ns"].includes(kind.toLowerCase())
  );
}

/**
 * Policy targets of a call on one object, known before the kind is resolved: its namespace (none:
 * cluster scope), and for a Namespace object the namespace it is.
 */
export function objectTargets(args: {
  kind: string;
  apiVersion?: string;
  name?: string;
  namespace?: string;
}): ToolTarget[] {
  const targets: ToolTarget[] = [{ namespace: args.namespace }];
  if (args.name && isNamespaceKind(args.kind, args.apiVersion)) targets.push({ namespace: args.name });
  return targets;
}

/**
 * The namespace to use for `resource`: required for namespaced kinds; none for cluster-scoped
 * ones. A namespace given for a cluster-scoped kind is ignored, as kubectl does, but only when
 * policy allows cluster-scoped access (the namespace was what policy checked).
 */
export function scopeFor(
  resource: ApiResource,
  namespace: string | undefined,
  policy: Policy,
  hint = "Pass namespace.",
): string | undefined {
  if (resource.namespaced) {
    if (!namespace)
      throw new ToolError(`${resource.kind} is a namespaced kind and no namespace was given.`, hint);
    return namespace;
  }
  if (namespace !== undefined) {
    const verdict = policy.namespaceVerdict({ namespace: undefined });
    if (!verdict.allowed) {
      throw new ToolError(
        `${resource.kind} is cluster-scoped, so namespace "${namespace}" does not apply to it.`,
        verdict.reason,
      );
    }
  }
  return undefined;
}

/** `Deployment "web" in namespace "shop"` / `Namespace "shop"` for messages. */
export function describeObject(kind: string, name: string, namespace: string | undefined): string {
  return namespace ? `${kind} "${name}" in namespace "${namespace}"` : `${kind} "${name}"`;
}
