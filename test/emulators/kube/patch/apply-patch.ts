// PATCH with a JSON, merge or strategic merge patch: applies it to the live object and checks that the
// result is still that object (same kind, name, namespace and uid), as the API server's patch handler does.
import { ApiError, badRequest, conflict } from "../errors.ts";
import type { KubeObject, ResourceType } from "../types.ts";
import { applyJsonPatch } from "./json-patch.ts";
import { describeValue, isJsonObject } from "./json-values.ts";
import { isBuiltinResource } from "./list-schema.ts";
import { applyMergePatch } from "./merge-patch.ts";
import { applyStrategicMergePatch } from "./strategic-merge-patch.ts";

export interface ApplyPatchParams {
  type: "json" | "merge" | "strategic";
  live: KubeObject;
  patch: unknown;
  resource: ResourceType;
}

export function applyPatch(p: ApplyPatchParams): KubeObject {
  const patched = patchDocument(p);
  if (!isJsonObject(patched) || !isJsonObject(patched.metadata)) {
    throw new ApiError(
      422,
      "Invalid",
      `the ${p.type} patch did not produce an object with metadata: got ${describeValue(patched)}`,
    );
  }
  const result = patched as KubeObject;
  const live = p.live;
  const groupResource = p.resource.group ? `${p.resource.plural}.${p.resource.group}` : p.resource.plural;
  const name = live.metadata.name ?? "";
  if (result.kind !== live.kind || result.apiVersion !== live.apiVersion) {
    throw badRequest(
      `the patch changes apiVersion/kind from ${live.apiVersion} ${live.kind} to ${describeValue(result.apiVersion)} ${describeValue(result.kind)}; a patch cannot change an object's type`,
    );
  }
  if (result.metadata.name !== live.metadata.name) {
    throw badRequest(
      `the name of the object (${describeValue(result.metadata.name)}) does not match the name on the URL (${name})`,
    );
  }
  if (result.metadata.namespace !== live.metadata.namespace) {
    throw badRequest(
      `the namespace of the object (${describeValue(result.metadata.namespace)}) does not match the namespace on the URL (${live.metadata.namespace ?? ""})`,
    );
  }
  if (result.metadata.uid !== live.metadata.uid) {
    throw conflict(
      groupResource,
      name,
      `Precondition failed: UID in precondition: ${describeValue(result.metadata.uid)}, UID in object meta: ${live.metadata.uid ?? ""}`,
    );
  }
  return result;
}

function patchDocument(p: ApplyPatchParams): unknown {
  switch (p.type) {
    case "json":
      return applyJsonPatch(p.live, p.patch);
    case "merge":
      if (!isJsonObject(p.patch))
        throw badRequest(`a merge patch must be a JSON object, got ${describeValue(p.patch)}`);
      return applyMergePatch(p.live, p.patch);
    case "strategic":
      if (!isBuiltinResource(p.resource)) {
        // What kube-apiserver answers for custom resources; kubectl users then pass --type=merge.
        throw new ApiError(
          415,
          "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
        );
      }
      if (!isJsonObject(p.patch)) {
        throw badRequest(`a strategic merge patch must be a JSON object, got ${describeValue(p.patch)}`);
      }
      return applyStrategicMergePatch(p.live, p.patch, p.resource);
    default:
      throw badRequest(`unsupported patch type ${describeValue((p as { type: unknown }).type)}`);
  }
}
