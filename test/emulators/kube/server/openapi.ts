// A minimal OpenAPI v3 surface. kubectl reads it to learn that the server validates fields itself
// (the `fieldValidation` parameter on each PATCH operation); without it, kubectl falls back to
// client-side validation against /openapi/v2, which needs protobuf. No schemas are published, so
// `kubectl explain` is not supported.
import { createHash } from "node:crypto";
import type { ResourceRegistry } from "../resources.ts";
import type { ResourceType } from "../types.ts";

function gvPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

const queryParameter = (name: string) => ({
  name,
  in: "query",
  schema: { type: "string", uniqueItems: true },
});

function itemOperations(type: ResourceType): Record<string, unknown> {
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const op = (action: string, parameters: string[]) => ({
    operationId: `${action}${type.kind}`,
    parameters: parameters.map(queryParameter),
    responses: { "200": { description: "OK" } },
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
  });
  return {
    get: op("get", ["pretty"]),
    put: op("put", ["dryRun", "fieldManager", "fieldValidation", "pretty"]),
    patch: op("patch", ["dryRun", "fieldManager", "fieldValidation", "force", "pretty"]),
    delete: op("delete", ["dryRun", "gracePeriodSeconds", "propagationPolicy", "pretty"]),
  };
}

export function openApiV3Document(registry: ResourceRegistry, group: string, version: string): unknown {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of types) {
    const base = `/${gvPath(group, version)}${type.namespaced ? "/namespaces/{namespace}" : ""}/${type.plural}`;
    paths[`${base}/{name}`] = itemOperations(type);
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "v1.34.0" },
    paths,
    components: { schemas: {} },
  };
}

export function openApiV3Root(registry: ResourceRegistry): unknown {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of registry.groupVersions()) {
    const doc = JSON.stringify(openApiV3Document(registry, group, version));
    const hash = createHash("sha512").update(doc).digest("hex").slice(0, 64).toUpperCase();
    paths[gvPath(group, version)] = {
      serverRelativeURL: `/openapi/v3/${gvPath(group, version)}?hash=${hash}`,
    };
  }
  return { paths };
}
