// Resolves an API path to the resource type, namespace, name and subresource it addresses, as the
// API server's request-info resolver does (including the legacy /watch/ prefix).
import type { ResourceRegistry } from "../resources.ts";
import type { ResourceType } from "../types.ts";

export interface ResourceRoute {
  type: ResourceType;
  /** Namespace from the path; undefined for cluster-scoped paths and cross-namespace collections. */
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  /** `/api/v1/watch/...` (deprecated but still served). */
  legacyWatch: boolean;
}

export type Route =
  | { kind: "resource"; route: ResourceRoute }
  | { kind: "group-version"; group: string; version: string }
  | { kind: "unknown" };

function splitPath(pathname: string): string[] {
  return pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s));
}

export function resolveRoute(registry: ResourceRegistry, pathname: string): Route {
  const segments = splitPath(pathname);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === "api") {
    group = "";
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === "apis" && segments.length >= 3) {
    group = segments[1] ?? "";
    version = segments[2];
    rest = segments.slice(3);
  } else return { kind: "unknown" };
  if (!version) return { kind: "unknown" };
  const served = registry.all().some((t) => t.group === group && t.version === version);
  if (!served) return { kind: "unknown" };
  if (rest.length === 0) return { kind: "group-version", group, version };

  let legacyWatch = false;
  if (rest[0] === "watch") {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  const typeOf = (plural: string | undefined) =>
    plural === undefined ? undefined : registry.byPlural(group, version, plural);

  // /namespaces/{ns}/{plural}/... addresses namespaced content; /namespaces/{name}[/status] the namespace.
  const namespacedType = rest[0] === "namespaces" && rest.length >= 3 ? typeOf(rest[2]) : undefined;
  if (namespacedType?.namespaced) {
    if (rest.length > 5) return { kind: "unknown" };
    return {
      kind: "resource",
      route: { type: namespacedType, namespace: rest[1], name: rest[3], subresource: rest[4], legacyWatch },
    };
  }
  const type = typeOf(rest[0]);
  if (!type || rest.length > 3) return { kind: "unknown" };
  // A namespaced type is reachable without a namespace only as a cross-namespace collection.
  if (type.namespaced && rest.length > 1) return { kind: "unknown" };
  return {
    kind: "resource",
    route: { type, namespace: undefined, name: rest[1], subresource: rest[2], legacyWatch },
  };
}
