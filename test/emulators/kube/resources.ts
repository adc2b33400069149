// The resource types the emulator serves. Discovery, routing and the store all resolve through
// one ResourceRegistry, so a CRD added at runtime (e.g. Argo Rollouts) is served like a built-in.
import type { ResourceType } from "./types.ts";
import { apiVersionOf } from "./types.ts";

function resource(
  group: string,
  version: string,
  kind: string,
  plural: string,
  extra: Partial<Pick<ResourceType, "namespaced" | "shortNames" | "categories" | "subresources">> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced: extra.namespaced ?? true,
    ...(extra.shortNames ? { shortNames: extra.shortNames } : {}),
    ...(extra.categories ? { categories: extra.categories } : {}),
    subresources: extra.subresources ?? [],
  };
}

export const builtinResources: ResourceType[] = [
  resource("", "v1", "Namespace", "namespaces", {
    namespaced: false,
    shortNames: ["ns"],
    subresources: ["status"],
  }),
  resource("", "v1", "Pod", "pods", {
    shortNames: ["po"],
    categories: ["all"],
    subresources: ["status", "log"],
  }),
  resource("", "v1", "Service", "services", {
    shortNames: ["svc"],
    categories: ["all"],
    subresources: ["status"],
  }),
  resource("", "v1", "ConfigMap", "configmaps", { shortNames: ["cm"] }),
  resource("", "v1", "Secret", "secrets"),
  resource("", "v1", "ServiceAccount", "serviceaccounts", { shortNames: ["sa"] }),
  resource("", "v1", "Event", "events", { shortNames: ["ev"] }),
  resource("apps", "v1", "Deployment", "deployments", {
    shortNames: ["deploy"],
    categories: ["all"],
    subresources: ["status", "scale"],
  }),
  resource("apps", "v1", "ReplicaSet", "replicasets", {
    shortNames: ["rs"],
    categories: ["all"],
    subresources: ["status", "scale"],
  }),
  resource("apps", "v1", "StatefulSet", "statefulsets", {
    shortNames: ["sts"],
    categories: ["all"],
    subresources: ["status", "scale"],
  }),
  // Real DaemonSets have no scale subresource: there is nothing to scale.
  resource("apps", "v1", "DaemonSet", "daemonsets", {
    shortNames: ["ds"],
    categories: ["all"],
    subresources: ["status"],
  }),
  // kubectl rollout history/undo for StatefulSets and DaemonSets reads these.
  resource("apps", "v1", "ControllerRevision", "controllerrevisions"),
  resource("coordination.k8s.io", "v1", "Lease", "leases"),
  // `kubectl auth can-i` and clients checking their own permissions; answered, never stored.
  {
    ...resource("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews", {
      namespaced: false,
    }),
    verbs: ["create"],
  },
];

export class ResourceRegistry {
  private readonly types: ResourceType[] = [];

  constructor(types: ResourceType[] = builtinResources) {
    for (const type of types) this.add(type);
  }

  /** Adds a type (a CRD); replaces an existing one with the same group/version/plural. */
  add(type: ResourceType): void {
    const index = this.types.findIndex(
      (t) => t.group === type.group && t.version === type.version && t.plural === type.plural,
    );
    if (index >= 0) this.types[index] = type;
    else this.types.push(type);
  }

  all(): ResourceType[] {
    return [...this.types];
  }

  byPlural(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /** Every group/version served, in registration order (core "v1" first). */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const t of this.types) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
    return [...seen.values()];
  }
}

/** `deployments.apps`, `pods` — how real servers name a resource in error messages. */
export function groupResource(type: ResourceType): string {
  return type.group === "" ? type.plural : `${type.plural}.${type.group}`;
}

/** Built-in types are served by typed Go code on a real server; CRDs are not (this changes some responses). */
export function isBuiltinType(type: ResourceType): boolean {
  return builtinResources.some((b) => b.group === type.group && b.plural === type.plural);
}
