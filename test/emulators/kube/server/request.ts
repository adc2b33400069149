// What every resource handler gets: the resolved route, the query, the body, and the emulator state.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { badRequest } from "../errors.ts";
import { decodeKubernetesProtobuf } from "../protobuf/decode.ts";
import type { ObjectStore } from "../store.ts";
import type { KubeObject, ResourceType } from "../types.ts";
import { apiVersionOf } from "../types.ts";
import type { WatchHub } from "../watch.ts";
import { parseJson, unsupportedMediaType } from "./http-io.ts";
import type { ResourceRoute } from "./route.ts";

export interface ApiState {
  store: ObjectStore;
  hub: WatchHub;
}

export interface ApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  route: ResourceRoute;
  /** The body as UTF-8 text (JSON, YAML). */
  body: string;
  /** The body's bytes (protobuf). */
  rawBody: Buffer;
  state: ApiState;
}

/** `?dryRun=All` (repeatable); anything else is refused as the real server does. */
export function isDryRun(query: URLSearchParams, bodyDryRun?: unknown): boolean {
  const values = [...query.getAll("dryRun"), ...(Array.isArray(bodyDryRun) ? bodyDryRun.map(String) : [])];
  for (const value of values) {
    if (value !== "All")
      throw badRequest(`Invalid dryRun value: "${value}": the only supported value is "All"`);
  }
  return values.length > 0;
}

/** The field manager of a write: `?fieldManager=`, else the User-Agent up to its first "/". */
export function fieldManager(r: ApiRequest): string {
  const explicit = r.query.get("fieldManager");
  if (explicit !== null && explicit !== "") {
    if (explicit.length > 128) throw badRequest("fieldManager: Too long: may not be more than 128 bytes");
    return explicit;
  }
  const agent = r.req.headers["user-agent"] ?? "";
  const prefix = agent.split("/")[0]?.slice(0, 128) ?? "";
  return prefix === "" ? "unknown" : prefix;
}

export function isPretty(query: URLSearchParams): boolean {
  const value = query.get("pretty");
  return value === "true" || value === "1";
}

export function nowTimestamp(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

function parseYamlBody(body: string): unknown {
  try {
    return parseYaml(body);
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
}

function describe(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value).slice(0, 80);
}

const protobufMediaType = "application/vnd.kubernetes.protobuf";
const bodyMediaTypes = ["application/json", "application/yaml", protobufMediaType];

/** The request body decoded by its Content-Type: JSON (also when unset), YAML or Kubernetes protobuf. */
export function decodeBody(r: ApiRequest): unknown {
  const contentType = r.req.headers["content-type"] ?? "";
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "" || mediaType === "application/json") return parseJson(r.body);
  if (mediaType === "application/yaml") return parseYamlBody(r.body);
  if (mediaType === protobufMediaType)
    return r.rawBody.length === 0 ? undefined : decodeKubernetesProtobuf(r.rawBody);
  throw unsupportedMediaType(contentType, bodyMediaTypes);
}

/** The request body as an object of `type`, checked against the URL the way the server checks it. */
export function bodyObject(r: ApiRequest, type: ResourceType): KubeObject {
  const parsed = decodeBody(r);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badRequest(`the request body must be a JSON ${type.kind} object, got ${describe(parsed)}`);
  }
  const obj = parsed as KubeObject;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== "object" || Array.isArray(obj.metadata)) {
    throw badRequest("metadata must be an object");
  }
  checkTypeMeta(obj, type);
  const { namespace, name } = r.route;
  if (type.namespaced && namespace !== undefined) {
    if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    }
    obj.metadata.namespace = namespace;
  }
  if (name !== undefined && obj.metadata.name !== undefined && obj.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  if (name !== undefined && obj.metadata.name === undefined) obj.metadata.name = name;
  return obj;
}

export function checkTypeMeta(obj: { apiVersion?: unknown; kind?: unknown }, type: ResourceType): void {
  const apiVersion = apiVersionOf(type);
  if (obj.kind !== undefined && obj.kind !== type.kind) {
    throw badRequest(
      `the kind in the body (${String(obj.kind)}) does not match the kind of the URL (${type.kind})`,
    );
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`,
    );
  }
}
