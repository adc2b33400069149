// PATCH on an object or its status: JSON, merge and strategic merge patches, and server-side apply
// (which also creates a missing object). The patch semantics live in ../patch; this is the HTTP side.
import { parse as parseYaml } from "yaml";
import { applyDefaults } from "../defaults.ts";
import { ApiError, badRequest, notFound } from "../errors.ts";
import type { PatchType } from "../patch/index.ts";
import {
  applyPatch,
  patchTypeFromContentType,
  recordUpdateManager,
  serverSideApply,
} from "../patch/index.ts";
import { groupResource } from "../resources.ts";
import { parseJson, sendJson, unsupportedMediaType } from "../server/http-io.ts";
import type { ApiRequest } from "../server/request.ts";
import { fieldManager, isDryRun, isPretty, nowTimestamp } from "../server/request.ts";
import type { KubeObject } from "../types.ts";

export const patchMediaTypes = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/apply-patch+yaml",
  "application/strategic-merge-patch+json",
];

function patchOptionsInvalid(field: string, type: string, message: string): ApiError {
  return new ApiError(422, "Invalid", `PatchOptions.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    group: "meta.k8s.io",
    kind: "PatchOptions",
    causes: [{ type, field, message }],
  });
}

/** Content-Type → patch type, and the PatchOptions checks the server makes before reading the object. */
export function patchRequestType(r: ApiRequest): PatchType {
  const contentType = r.req.headers["content-type"] ?? "";
  const patchType = patchTypeFromContentType(contentType);
  if (!patchType) throw unsupportedMediaType(contentType, patchMediaTypes);
  if (patchType === "apply" && !r.query.get("fieldManager")) {
    throw patchOptionsInvalid(
      "fieldManager",
      "FieldValueRequired",
      "Required value: is required for apply patch",
    );
  }
  if (patchType !== "apply" && r.query.has("force")) {
    throw patchOptionsInvalid(
      "force",
      "FieldValueForbidden",
      "Forbidden: may not be specified for non-apply patch",
    );
  }
  return patchType;
}

/** The body of an apply patch: YAML (JSON is YAML too), a single object. */
export function parseApplyBody(body: string): KubeObject {
  let parsed: unknown;
  try {
    parsed = parseYaml(body);
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badRequest("the apply patch must be a single object with apiVersion, kind and metadata.name");
  }
  const obj = parsed as KubeObject;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  return obj;
}

/** The body of a JSON, merge or strategic patch. */
export function parsePatchBody(body: string): unknown {
  const patch = parseJson(body);
  if (patch === undefined) throw badRequest("the patch body is empty: send a JSON patch document");
  return patch;
}

export function patchObject(r: ApiRequest): void {
  const { type, namespace, name = "", subresource } = r.route;
  const patchType = patchRequestType(r);
  const dryRun = isDryRun(r.query);
  const manager = fieldManager(r);
  const now = nowTimestamp();
  const store = r.state.store;
  const live = store.get(type, namespace, name);
  const statusOnly = subresource === "status" ? { subresource: "status" as const } : {};

  if (patchType === "apply") {
    const applied = parseApplyBody(r.body);
    if (type.namespaced && namespace !== undefined) {
      if (applied.metadata.namespace !== undefined && applied.metadata.namespace !== namespace) {
        throw badRequest(
          "the namespace of the provided object does not match the namespace sent on the request",
        );
      }
      applied.metadata.namespace = namespace;
    }
    if (!live && subresource) throw notFound(groupResource(type), name, type.kind);
    const result = serverSideApply({
      live,
      applied,
      resource: type,
      manager,
      force: r.query.get("force") === "true",
      now,
      ...(subresource ? { subresource } : {}),
    });
    if (live) {
      if (!subresource) applyDefaults(result, live);
      sendJson(r.res, 200, store.update(type, result, { dryRun, ...statusOnly }), isPretty(r.query));
      return;
    }
    if (type.subresources.includes("status")) delete result.status;
    applyDefaults(result, undefined);
    sendJson(r.res, 201, store.create(type, result, { dryRun }), isPretty(r.query));
    return;
  }

  if (!live) throw notFound(groupResource(type), name, type.kind);
  const patched = applyPatch({ type: patchType, live, patch: parsePatchBody(r.body), resource: type });
  if (!subresource) applyDefaults(patched, live);
  const owned = recordUpdateManager({
    before: live,
    after: patched,
    manager,
    now,
    resource: type,
    ...(subresource ? { subresource } : {}),
  });
  sendJson(r.res, 200, store.update(type, owned, { dryRun, ...statusOnly }), isPretty(r.query));
}
