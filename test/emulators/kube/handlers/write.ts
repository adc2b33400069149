// POST, PUT and DELETE: create, update (main resource and status), delete and deletecollection.
// Field ownership is recorded for every write, as a real server's field manager does.
import { applyDefaults } from "../defaults.ts";
import { ApiError, badRequest, notFound } from "../errors.ts";
import { recordUpdateManager } from "../patch/index.ts";
import { groupResource, isBuiltinType } from "../resources.ts";
import { sendJson } from "../server/http-io.ts";
import type { ApiRequest } from "../server/request.ts";
import { bodyObject, decodeBody, fieldManager, isDryRun, isPretty, nowTimestamp } from "../server/request.ts";
import type { DeleteOptions, PropagationPolicy } from "../store.ts";
import type { KubeObject } from "../types.ts";
import { listBody } from "./read.ts";

export function createObject(r: ApiRequest): void {
  const { type } = r.route;
  const obj = bodyObject(r, type);
  const dryRun = isDryRun(r.query);
  // Status is the controllers' to write: a created object starts with a fresh one.
  if (type.subresources.includes("status")) delete obj.status;
  delete obj.metadata.managedFields;
  delete obj.metadata.resourceVersion;
  applyDefaults(obj, undefined);
  const owned = recordUpdateManager({
    before: undefined,
    after: obj,
    manager: fieldManager(r),
    now: nowTimestamp(),
    resource: type,
  });
  const created = r.state.store.create(type, owned, { dryRun });
  sendJson(r.res, 201, created, isPretty(r.query));
}

export function updateObject(r: ApiRequest): void {
  const { type, namespace, name, subresource } = r.route;
  const obj = bodyObject(r, type);
  const dryRun = isDryRun(r.query);
  const live = r.state.store.get(type, namespace, name ?? "");
  if (!live) throw notFound(groupResource(type), name ?? "", type.kind);
  if (subresource === undefined) applyDefaults(obj, live);
  const owned = recordUpdateManager({
    before: live,
    after: obj,
    manager: fieldManager(r),
    now: nowTimestamp(),
    resource: type,
    ...(subresource ? { subresource } : {}),
  });
  const updated = r.state.store.update(type, owned, {
    dryRun,
    ...(subresource === "status" ? { subresource: "status" as const } : {}),
  });
  sendJson(r.res, 200, updated, isPretty(r.query));
}

const policies = new Set(["Foreground", "Background", "Orphan"]);

interface DeleteRequestOptions {
  dryRun: boolean;
  options: DeleteOptions;
}

/** DeleteOptions from the body (kubectl sends one) merged with the query parameters. */
function deleteOptions(r: ApiRequest): DeleteRequestOptions {
  const parsed = decodeBody(r);
  const body = (parsed !== null && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
  let policy = (r.query.get("propagationPolicy") ?? body.propagationPolicy) as string | undefined;
  const orphan = r.query.get("orphanDependents") ?? body.orphanDependents;
  if (policy === undefined && (orphan === true || orphan === "true")) policy = "Orphan";
  if (policy !== undefined && !policies.has(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const preconditions = body.preconditions as DeleteOptions["preconditions"] | undefined;
  const dryRun = isDryRun(r.query, body.dryRun);
  return {
    dryRun,
    options: {
      dryRun,
      ...(policy ? { propagationPolicy: policy as PropagationPolicy } : {}),
      ...(preconditions ? { preconditions } : {}),
    },
  };
}

export function deleteObject(r: ApiRequest): void {
  const { type, namespace, name } = r.route;
  const { dryRun, options } = deleteOptions(r);
  const result = r.state.store.delete(type, namespace, name ?? "", options);
  const stillThere = !dryRun && r.state.store.get(type, namespace, name ?? "") !== undefined;
  // Real servers return the object when deletion is pending (finalizers, namespaces), for pods
  // (graceful deletion) and for custom resources; otherwise a Success Status naming what went.
  const returnsObject =
    stillThere || type.kind === "Namespace" || type.kind === "Pod" || !isBuiltinType(type);
  if (returnsObject) {
    sendJson(
      r.res,
      stillThere && options.propagationPolicy === "Foreground" ? 202 : 200,
      result,
      isPretty(r.query),
    );
    return;
  }
  sendJson(r.res, 200, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { name: result.metadata.name, group: type.group, kind: type.plural, uid: result.metadata.uid },
  });
}

export function deleteCollection(r: ApiRequest): void {
  const { type, namespace } = r.route;
  const { options } = deleteOptions(r);
  const { items, resourceVersion } = r.state.store.list(type, {
    namespace,
    labelSelector: r.query.get("labelSelector") ?? undefined,
    fieldSelector: r.query.get("fieldSelector") ?? undefined,
  });
  const deleted: KubeObject[] = [];
  for (const item of items) {
    try {
      deleted.push(r.state.store.delete(type, item.metadata.namespace, item.metadata.name ?? "", options));
    } catch (error) {
      // Already removed by an earlier cascade in this same call.
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
  }
  sendJson(r.res, 200, listBody(type, deleted, { resourceVersion }), isPretty(r.query));
}
