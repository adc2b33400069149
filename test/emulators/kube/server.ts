// The emulator's HTTP front: non-resource endpoints (version, health, discovery, openapi), then
// resource paths dispatched by verb. Faults are applied before anything else.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultInjector } from "./faults.ts";
import { reviewAccess } from "./handlers/access-review.ts";
import { getPodLog } from "./handlers/log.ts";
import { patchObject } from "./handlers/patch.ts";
import { getObject, isWatch, listObjects, watchObjects } from "./handlers/read.ts";
import { getScale, patchScale, updateScale } from "./handlers/scale.ts";
import { createObject, deleteCollection, deleteObject, updateObject } from "./handlers/write.ts";
import { apiGroup, apiGroupList, apiResourceList, apiVersions, serverVersion } from "./server/discovery.ts";
import {
  methodNotAllowed,
  notFoundRoute,
  readBody,
  sendError,
  sendJson,
  sendText,
} from "./server/http-io.ts";
import { openApiV3Document, openApiV3Root } from "./server/openapi.ts";
import type { ApiRequest, ApiState } from "./server/request.ts";
import { resolveRoute } from "./server/route.ts";

export interface ApiServerDeps extends ApiState {
  faults: FaultInjector;
}

type Handler = (r: ApiRequest) => void;

function subresourceHandler(sub: string, method: string): Handler | undefined {
  if (sub === "status")
    return ({ GET: getObject, PUT: updateObject, PATCH: patchObject } as Record<string, Handler>)[method];
  if (sub === "scale")
    return ({ GET: getScale, PUT: updateScale, PATCH: patchScale } as Record<string, Handler>)[method];
  if (sub === "log") return method === "GET" ? getPodLog : undefined;
  return undefined;
}

function resourceHandler(r: ApiRequest): Handler {
  const { type, name, subresource, namespace } = r.route;
  const { method } = r;
  if (type.kind === "SelfSubjectAccessReview") {
    if (method === "POST" && name === undefined) return reviewAccess;
    throw methodNotAllowed(method, type.plural);
  }
  if (subresource !== undefined) {
    if (!type.subresources.includes(subresource as never)) throw notFoundRoute();
    const handler = subresourceHandler(subresource, method);
    if (!handler) throw methodNotAllowed(method, `${type.plural}/${subresource}`);
    return handler;
  }
  if (name === undefined) {
    if (method === "GET") return isWatch(r) ? watchObjects : listObjects;
    // Creating needs a namespace for namespaced types; the cross-namespace collection is read-only.
    if (method === "POST" && (!type.namespaced || namespace !== undefined)) return createObject;
    if (method === "DELETE") return deleteCollection;
    throw methodNotAllowed(method, type.plural);
  }
  if (method === "GET") return isWatch(r) ? watchObjects : getObject;
  if (method === "PUT") return updateObject;
  if (method === "PATCH") return patchObject;
  if (method === "DELETE") return deleteObject;
  throw methodNotAllowed(method, type.plural);
}

/** Non-resource endpoints; returns false when the path is not one of them. */
function serveNonResource(
  deps: ApiServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  const registry = deps.store.registry;
  if (path === "/version" || path === "/version/") {
    sendJson(res, 200, serverVersion);
    return true;
  }
  if (["/healthz", "/livez", "/readyz"].includes(path)) {
    sendText(res, 200, "ok");
    return true;
  }
  if (path === "/api" || path === "/api/") {
    sendJson(res, 200, apiVersions(req.headers.host ?? "127.0.0.1"));
    return true;
  }
  if (path === "/apis" || path === "/apis/") {
    sendJson(res, 200, apiGroupList(registry));
    return true;
  }
  if (path === "/openapi/v3" || path === "/openapi/v3/") {
    sendJson(res, 200, openApiV3Root(registry));
    return true;
  }
  const openApiGroupVersion = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (openApiGroupVersion) {
    const [, coreVersion, group, version] = openApiGroupVersion;
    const doc = openApiV3Document(registry, coreVersion ? "" : (group ?? ""), coreVersion ?? version ?? "");
    if (!doc) throw notFoundRoute();
    sendJson(res, 200, doc);
    return true;
  }
  const groupOnly = /^\/apis\/([^/]+)\/?$/.exec(path);
  if (groupOnly) {
    const group = apiGroup(registry, groupOnly[1] ?? "");
    if (!group) throw notFoundRoute();
    sendJson(res, 200, group);
    return true;
  }
  return false;
}

async function handle(deps: ApiServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const fault = deps.faults.decide(method, path, url.searchParams.get("dryRun") === "All");
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    const rawBody = await readBody(req);
    if (fault.failure) throw fault.failure;
    if (method === "GET" && serveNonResource(deps, req, res, path)) return;
    const resolved = resolveRoute(deps.store.registry, path);
    if (resolved.kind === "unknown") throw notFoundRoute();
    if (resolved.kind === "group-version") {
      if (method !== "GET") throw methodNotAllowed(method, path);
      sendJson(res, 200, apiResourceList(deps.store.registry, resolved.group, resolved.version));
      return;
    }
    const request: ApiRequest = {
      req,
      res,
      method,
      path,
      query: url.searchParams,
      route: resolved.route,
      body: rawBody.toString("utf8"),
      rawBody,
      state: { store: deps.store, hub: deps.hub },
    };
    resourceHandler(request)(request);
  } catch (error) {
    sendError(res, error);
  }
}

export function createApiServer(deps: ApiServerDeps): Server {
  return createServer((req, res) => {
    void handle(deps, req, res);
  });
}
