// The emulated Jenkins' HTTP surface: routes under /job/<a>/job/<b>/…, the queue, the crumb issuer,
// auth checks, and fault injection (fail the next N matching requests, added latency).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { buildJson, defaultValue, folderJson, jobJson, queueItemJson } from "./api-json.ts";
import { CRUMB_FIELD, type JenkinsAuth, type Principal } from "./auth.ts";
import type { Build, JenkinsState, Job } from "./state.ts";
import { applyTree, parseTree, TreeSyntaxError } from "./tree-filter.ts";

export interface FailRule {
  status: number;
  /** Only requests whose method and path match; default every request. */
  match?: (method: string, path: string) => boolean;
  remaining: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  principal: Principal["kind"];
  crumb: boolean;
  status: number;
}

export interface ServerDeps {
  state: JenkinsState;
  auth: JenkinsAuth;
  faults: { rules: FailRule[]; latencyMs: number };
  requests: RecordedRequest[];
  baseUrl(): string;
}

class HttpAnswer extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function createJenkinsServer(deps: ServerDeps): Server {
  return createServer((request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
      response.end(String(error));
    });
  });
}

async function handle(deps: ServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://emulator");
  const method = request.method ?? "GET";
  const body = method === "POST" ? await readBody(request) : "";
  const principal = deps.auth.principal(request.headers.authorization);
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    query: url.search,
    principal: principal.kind,
    crumb: typeof request.headers[CRUMB_FIELD.toLowerCase()] === "string",
    status: 0,
  };
  deps.requests.push(record);
  const send = (status: number, payload: string, headers: Record<string, string> = {}) => {
    record.status = status;
    response.writeHead(status, { "Content-Type": "text/plain;charset=utf-8", ...headers });
    response.end(payload);
  };
  if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
  const rule = deps.faults.rules.find((r) => r.remaining > 0 && (r.match?.(method, url.pathname) ?? true));
  if (rule) {
    rule.remaining--;
    send(rule.status, `Injected failure ${rule.status}`);
    return;
  }
  try {
    const answer = route(deps, method, url, body, principal, request);
    if (answer.json !== undefined) {
      send(200, JSON.stringify(answer.json), {
        "Content-Type": "application/json;charset=utf-8",
        ...answer.headers,
      });
    } else {
      send(answer.status ?? 200, answer.text ?? "", answer.headers);
    }
  } catch (error) {
    if (error instanceof HttpAnswer) send(error.status, error.message);
    else throw error;
  }
}

interface Answer {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

function json(value: unknown, url: URL): Answer {
  const tree = url.searchParams.get("tree");
  if (!tree) return { json: value };
  try {
    return { json: applyTree(value, parseTree(tree)) };
  } catch (error) {
    if (error instanceof TreeSyntaxError) throw new HttpAnswer(400, error.message);
    throw error;
  }
}

function route(
  deps: ServerDeps,
  method: string,
  url: URL,
  body: string,
  principal: Principal,
  request: IncomingMessage,
): Answer {
  const { auth, state } = deps;
  const base = deps.baseUrl();
  if (principal.kind === "rejected") throw new HttpAnswer(401, "Invalid password/token for user");
  const segments = url.pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  const requireRead = () => {
    if (!auth.may(principal, "read"))
      throw new HttpAnswer(403, "anonymous is missing the Overall/Read permission");
  };
  const requireBuild = () => {
    requireRead();
    if (!auth.may(principal, "build"))
      throw new HttpAnswer(403, "anonymous is missing the Job/Build permission");
    const viaToken = principal.kind === "user" && principal.via === "token";
    const crumb = request.headers[CRUMB_FIELD.toLowerCase()];
    if (
      !viaToken &&
      !auth.crumbValid(request.headers.cookie, typeof crumb === "string" ? crumb : undefined)
    ) {
      throw new HttpAnswer(403, "No valid crumb was included in the request");
    }
  };
  const expectMethod = (wanted: string) => {
    if (method !== wanted) throw new HttpAnswer(405, `${wanted} required`);
  };

  if (segments.length === 2 && segments[0] === "api" && segments[1] === "json") {
    requireRead();
    return json(folderJson(base, state.root, url.searchParams.has("tree")), url);
  }
  if (segments.join("/") === "crumbIssuer/api/json") {
    requireRead();
    const issued = auth.issueCrumb(request.headers.cookie);
    return {
      json: {
        _class: "hudson.security.csrf.DefaultCrumbIssuer",
        crumb: issued.crumb,
        crumbRequestField: CRUMB_FIELD,
      },
      headers: issued.setCookie ? { "Set-Cookie": issued.setCookie } : {},
    };
  }
  if (segments[0] === "queue" && segments[1] === "item" && segments[3] === "api" && segments[4] === "json") {
    requireRead();
    const item = state.queueItem(Number(segments[2]));
    if (!item) throw new HttpAnswer(404, "Not Found");
    return json(queueItemJson(base, item), url);
  }
  if (segments[0] !== "job") throw new HttpAnswer(404, "Not Found");

  const path: string[] = [];
  let index = 0;
  while (segments[index] === "job" && segments[index + 1] !== undefined) {
    path.push(segments[index + 1] as string);
    index += 2;
  }
  const rest = segments.slice(index);
  requireRead();
  const node = state.find(path);
  if (!node) throw new HttpAnswer(404, "Not Found");
  if (rest.join("/") === "api/json") {
    const full = url.searchParams.has("tree");
    return json(node.kind === "job" ? jobJson(base, node, full) : folderJson(base, node, full), url);
  }
  if (node.kind !== "job") throw new HttpAnswer(404, "Not Found");
  const job = node;
  if (rest.length === 1 && (rest[0] === "build" || rest[0] === "buildWithParameters")) {
    expectMethod("POST");
    requireBuild();
    return trigger(deps, job, rest[0] === "buildWithParameters", url, body, principal);
  }
  const build = findBuild(job, rest[0]);
  if (!build) throw new HttpAnswer(404, "Not Found");
  const sub = rest.slice(1).join("/");
  if (sub === "api/json") return json(buildJson(base, job, build), url);
  if (sub === "logText/progressiveText") return progressiveText(build, url);
  if (sub === "stop") {
    expectMethod("POST");
    requireBuild();
    state.stop(build);
    return { status: 302, headers: { Location: `${base}/job/${path.join("/job/")}/${build.number}/` } };
  }
  throw new HttpAnswer(404, "Not Found");
}

function findBuild(job: Job, ref: string | undefined): Build | undefined {
  if (ref === "lastBuild") return job.builds.at(-1);
  if (ref === undefined || !/^\d+$/.test(ref)) return undefined;
  return job.builds.find((b) => b.number === Number(ref));
}

function trigger(
  deps: ServerDeps,
  job: Job,
  withParameters: boolean,
  url: URL,
  body: string,
  principal: Principal,
): Answer {
  if (job.disabled) throw new HttpAnswer(409, `${job.fullName} is disabled`);
  const parameterized = job.parameters.length > 0;
  if (parameterized && !withParameters) {
    throw new HttpAnswer(400, `${job.fullName} is parameterized; use buildWithParameters`);
  }
  if (!parameterized && withParameters) {
    throw new HttpAnswer(400, `${job.fullName} is not parameterized`);
  }
  const given = new URLSearchParams(url.search);
  for (const [name, value] of new URLSearchParams(body)) given.set(name, value);
  const parameters: Build["parameters"] = job.parameters.map((definition) => {
    const written = given.get(definition.name);
    if (written === null)
      return { name: definition.name, value: defaultValue(definition), type: definition.type };
    if (definition.type === "choice" && !definition.choices.includes(written)) {
      throw new HttpAnswer(400, `Illegal choice for parameter ${definition.name}: ${written}`);
    }
    const value = definition.type === "boolean" ? written === "true" || written === "on" : written;
    return { name: definition.name, value, type: definition.type };
  });
  const cause = principal.kind === "user" ? `Started by user ${principal.name}` : "Started by anonymous user";
  const item = deps.state.enqueue(job, parameters, cause);
  return { status: 201, headers: { Location: `${deps.baseUrl()}/queue/item/${item.id}/` } };
}

function progressiveText(build: Build, url: URL): Answer {
  const bytes = Buffer.from(build.log, "utf8");
  const start = Math.max(0, Number(url.searchParams.get("start") ?? "0") || 0);
  const text = start >= bytes.length ? "" : bytes.subarray(start).toString("utf8");
  return {
    text,
    headers: { "X-Text-Size": String(bytes.length), ...(build.building ? { "X-More-Data": "true" } : {}) },
  };
}
