// The scale subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and StatefulSets: a
// view of spec.replicas / status.replicas / the selector, writable through GET, PUT and PATCH.
import { ApiError, badRequest, conflict, invalid, notFound } from "../errors.ts";
import { applyPatch, recordUpdateManager } from "../patch/index.ts";
import { groupResource } from "../resources.ts";
import { labelSelectorString } from "../selectors.ts";
import { sendJson } from "../server/http-io.ts";
import type { ApiRequest } from "../server/request.ts";
import {
  checkTypeMeta,
  decodeBody,
  fieldManager,
  isDryRun,
  isPretty,
  nowTimestamp,
} from "../server/request.ts";
import type { KubeObject, ResourceType } from "../types.ts";
import { parsePatchBody, patchRequestType } from "./patch.ts";

const scaleType: ResourceType = {
  group: "autoscaling",
  version: "v1",
  kind: "Scale",
  listKind: "ScaleList",
  plural: "scale",
  singular: "scale",
  namespaced: true,
  subresources: [],
};

type Json = Record<string, unknown>;

export function toScale(obj: KubeObject): KubeObject {
  const spec = (obj.spec ?? {}) as Json;
  const status = (obj.status ?? {}) as Json;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 0;
  return {
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    // ScaleSpec.replicas is omitempty on a real server: zero replicas serialize as `spec: {}`.
    spec: replicas === 0 ? {} : { replicas },
    status: {
      replicas: typeof status.replicas === "number" ? status.replicas : 0,
      selector: labelSelectorString((spec.selector ?? {}) as Parameters<typeof labelSelectorString>[0]),
    },
  };
}

function liveParent(r: ApiRequest): KubeObject {
  const { type, namespace, name = "" } = r.route;
  const live = r.state.store.get(type, namespace, name);
  if (!live) throw notFound(groupResource(type), name, type.kind);
  return live;
}

function writeScale(r: ApiRequest, live: KubeObject, scale: KubeObject): void {
  const { type, name = "" } = r.route;
  if (scale.metadata?.name !== undefined && scale.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${scale.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  const wanted = scale.metadata?.resourceVersion;
  if (wanted && wanted !== live.metadata.resourceVersion) {
    throw conflict(
      groupResource(type),
      name,
      "the object has been modified; please apply your changes to the latest version and try again",
    );
  }
  const replicas = ((scale.spec ?? {}) as Json).replicas ?? 0;
  if (!Number.isInteger(replicas) || (replicas as number) < 0) {
    throw invalid("Scale.autoscaling", name, [
      {
        type: "FieldValueInvalid",
        field: "spec.replicas",
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const next = structuredClone(live);
  next.spec = { ...((next.spec ?? {}) as Json), replicas };
  const owned = recordUpdateManager({
    before: live,
    after: next,
    manager: fieldManager(r),
    now: nowTimestamp(),
    resource: type,
    subresource: "scale",
  });
  const updated = r.state.store.update(type, owned, { dryRun: isDryRun(r.query) });
  sendJson(r.res, 200, toScale(updated), isPretty(r.query));
}

export function getScale(r: ApiRequest): void {
  sendJson(r.res, 200, toScale(liveParent(r)), isPretty(r.query));
}

export function updateScale(r: ApiRequest): void {
  const live = liveParent(r);
  const body = decodeBody(r);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("the request body must be an autoscaling/v1 Scale object");
  }
  checkTypeMeta(body as KubeObject, scaleType);
  const scale = body as KubeObject;
  scale.metadata ??= {};
  writeScale(r, live, scale);
}

export function patchScale(r: ApiRequest): void {
  const patchType = patchRequestType(r);
  if (patchType === "apply") {
    throw new ApiError(
      415,
      "UnsupportedMediaType",
      'the emulator does not support server-side apply on the scale subresource: use a merge patch ({"spec":{"replicas":N}}) or PUT a Scale',
    );
  }
  const live = liveParent(r);
  const patched = applyPatch({
    type: patchType,
    live: toScale(live),
    patch: parsePatchBody(r.body),
    resource: scaleType,
  });
  writeScale(r, live, patched);
}
