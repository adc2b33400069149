// Legacy (unaggregated) discovery documents. Clients that ask for aggregated discovery
// (apidiscovery.k8s.io/v2) get these plain documents and fall back, as against an older server.
import type { ResourceRegistry } from "../resources.ts";
import type { ResourceType } from "../types.ts";

export const serverVersion = {
  major: "1",
  minor: "34",
  emulationMajor: "1",
  emulationMinor: "34",
  minCompatibilityMajor: "1",
  minCompatibilityMinor: "33",
  gitVersion: "v1.34.0-skyflo-emulator",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2025-08-27T00:00:00Z",
  goVersion: "go1.24.6",
  compiler: "gc",
  platform: "linux/amd64",
};

const objectVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const subresourceVerbs = ["get", "patch", "update"];

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupsOf(registry: ResourceRegistry): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { group, version } of registry.groupVersions()) {
    if (group === "") continue;
    const versions = groups.get(group) ?? [];
    versions.push(version);
    groups.set(group, versions);
  }
  return groups;
}

function groupDocument(group: string, versions: string[]): Record<string, unknown> {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = [...groupsOf(registry)].map(([group, versions]) => groupDocument(group, versions));
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function apiGroup(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const versions = groupsOf(registry).get(group);
  if (!versions) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...groupDocument(group, versions) };
}

function resourceEntries(type: ResourceType): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs ?? objectVerbs,
    ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    ...(type.categories ? { categories: type.categories } : {}),
  };
  const subs = type.subresources.map((sub) => {
    const common = { name: `${type.plural}/${sub}`, singularName: "", namespaced: type.namespaced };
    if (sub === "scale")
      return { ...common, group: "autoscaling", version: "v1", kind: "Scale", verbs: subresourceVerbs };
    if (sub === "log") return { ...common, kind: type.kind, verbs: ["get"] };
    return { ...common, kind: type.kind, verbs: subresourceVerbs };
  });
  return [main, ...subs];
}

export function apiResourceList(
  registry: ResourceRegistry,
  group: string,
  version: string,
): Record<string, unknown> {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources: types.flatMap(resourceEntries),
  };
}
