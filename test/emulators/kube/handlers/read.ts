// GET on objects and collections: get, list (selectors, limit/continue) and watch.
import { ApiError, badRequest, notFound } from "../errors.ts";
import { groupResource, isBuiltinType } from "../resources.ts";
import { parseFieldSelector, parseLabelSelector } from "../selectors.ts";
import { sendJson } from "../server/http-io.ts";
import type { ApiRequest } from "../server/request.ts";
import { isPretty } from "../server/request.ts";
import { respondWithTable, tableOf, wantsTable } from "../server/table.ts";
import type { KubeObject, ResourceType } from "../types.ts";
import { apiVersionOf } from "../types.ts";

export function getObject(r: ApiRequest): void {
  const { type, namespace, name } = r.route;
  const obj = r.state.store.get(type, namespace, name ?? "");
  if (!obj) throw notFound(groupResource(type), name ?? "", type.kind);
  if (wantsTable(r)) respondWithTable(r, [obj], { resourceVersion: obj.metadata.resourceVersion ?? "" });
  else sendJson(r.res, 200, obj, isPretty(r.query));
}

interface ContinueToken {
  rv: string;
  after: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as ContinueToken;
    if (typeof token.after === "string" && typeof token.rv === "string") return token;
  } catch {
    // fall through to the error below
  }
  throw badRequest(`continue key is not valid: "${raw}" was not issued by this server`);
}

const itemKey = (obj: KubeObject) => `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;

/** A list body as a real server sends it: typed lists leave kind/apiVersion off their items. */
export function listBody(
  type: ResourceType,
  items: KubeObject[],
  metadata: Record<string, unknown>,
): Record<string, unknown> {
  const builtin = isBuiltinType(type);
  return {
    kind: type.listKind,
    apiVersion: apiVersionOf(type),
    metadata,
    items: builtin ? items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest) : items,
  };
}

export function listObjects(r: ApiRequest): void {
  const { type, namespace } = r.route;
  const { items: all, resourceVersion } = r.state.store.list(type, {
    namespace,
    labelSelector: r.query.get("labelSelector") ?? undefined,
    fieldSelector: r.query.get("fieldSelector") ?? undefined,
  });
  const rawLimit = r.query.get("limit");
  const limit = rawLimit === null || rawLimit === "" ? 0 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0)
    throw badRequest(`limit must be a non-negative integer, got "${rawLimit}"`);
  const rawContinue = r.query.get("continue");
  let items = all;
  if (rawContinue) {
    const token = decodeContinue(rawContinue);
    items = items.filter((obj) => itemKey(obj) > token.after);
  }
  const metadata: Record<string, unknown> = { resourceVersion };
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    const last = page[page.length - 1] as KubeObject;
    metadata.continue = encodeContinue({ rv: resourceVersion, after: itemKey(last) });
    metadata.remainingItemCount = items.length - limit;
    items = page;
  }
  if (wantsTable(r)) respondWithTable(r, items, metadata);
  else sendJson(r.res, 200, listBody(type, items, metadata), isPretty(r.query));
}

export function isWatch(r: ApiRequest): boolean {
  const watch = r.query.get("watch");
  return r.route.legacyWatch || watch === "true" || watch === "1";
}

export function watchObjects(r: ApiRequest): void {
  const { type, namespace, name } = r.route;
  const labels = parseLabelSelector(r.query.get("labelSelector") ?? undefined);
  const fields = parseFieldSelector(r.query.get("fieldSelector") ?? undefined, type);
  const rawTimeout = r.query.get("timeoutSeconds");
  const timeoutSeconds = rawTimeout === null || rawTimeout === "" ? undefined : Number(rawTimeout);
  if (timeoutSeconds !== undefined && (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0)) {
    throw badRequest(`timeoutSeconds must be a non-negative number, got "${rawTimeout}"`);
  }
  if (r.query.get("sendInitialEvents") === "true" && r.query.get("allowWatchBookmarks") !== "true") {
    throw new ApiError(
      422,
      "Invalid",
      "allowWatchBookmarks: Forbidden: sendInitialEvents requires allowWatchBookmarks",
    );
  }
  r.state.hub.serve(
    {
      type,
      namespace,
      name,
      matches: (obj) => labels(obj) && fields(obj),
      resourceVersion: r.query.get("resourceVersion") ?? undefined,
      sendInitialEvents: r.query.get("sendInitialEvents") === "true",
      allowBookmarks: r.query.get("allowWatchBookmarks") === "true",
      timeoutSeconds,
      path: r.path,
      ...(wantsTable(r)
        ? {
            present: (obj: KubeObject) =>
              tableOf(r, [obj], { resourceVersion: obj.metadata.resourceVersion ?? "" }),
          }
        : {}),
    },
    r.res,
  );
}
