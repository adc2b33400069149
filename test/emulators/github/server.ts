// The emulator's HTTP front, at "/" and "/api/v3" (GitHub Enterprise Server's prefix): faults
// first, then authentication, routing, the handler, and a record of every request answered.
import type { KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { actorName, authenticate, peekActorName } from "./auth.ts";
import type { Handler, RequestContext } from "./context.ts";
import { GitHubApiError } from "./errors.ts";
import type { FaultInjector } from "./faults.ts";
import { parseJsonBody, readBody, send } from "./http-io.ts";
import { isWrite, type RequestRecorder } from "./recorder.ts";
import { Router } from "./router.ts";
import { registerAppRoutes } from "./routes/apps.ts";
import { registerCheckRoutes } from "./routes/checks.ts";
import { registerContentRoutes } from "./routes/contents.ts";
import { registerGitRoutes } from "./routes/git.ts";
import { registerIssueRoutes } from "./routes/issues.ts";
import { registerOrgRoutes } from "./routes/orgs.ts";
import { registerPullRoutes } from "./routes/pulls.ts";
import { registerRepoRoutes } from "./routes/repos.ts";
import { registerReviewRoutes } from "./routes/reviews.ts";
import type { World } from "./state/world.ts";
import type { WebhookDispatcher } from "./webhooks.ts";

export interface ServerDeps {
  world: World;
  publicKey: KeyObject;
  faults: FaultInjector;
  recorder: RequestRecorder;
  webhooks: WebhookDispatcher;
}

export function buildRouter(): Router<Handler> {
  const router = new Router<Handler>();
  registerAppRoutes(router);
  registerRepoRoutes(router);
  registerContentRoutes(router);
  registerGitRoutes(router);
  registerIssueRoutes(router);
  registerPullRoutes(router);
  registerReviewRoutes(router);
  registerCheckRoutes(router);
  registerOrgRoutes(router);
  return router;
}

function splitPrefix(pathname: string): { prefix: string; path: string } {
  if (pathname === "/api/v3" || pathname.startsWith("/api/v3/")) {
    return { prefix: "/api/v3", path: pathname.slice("/api/v3".length) || "/" };
  }
  return { prefix: "", path: pathname };
}

async function handle(deps: ServerDeps, router: Router<Handler>, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const { prefix, path } = splitPrefix(url.pathname);
  let actor = peekActorName(req.headers.authorization, deps.world);
  let status = 500;
  try {
    const raw = await readBody(req);
    const fault = deps.faults.decide(method, path);
    if (fault) throw fault;
    const caller = authenticate(req.headers.authorization, deps.world, deps.publicKey);
    actor = actorName(caller);
    if (path === "/" && method === "GET") {
      status = 200;
      send(res, 200, { current_user_url: `${deps.world.url}/user`, emulator: "github" });
      return;
    }
    const match = router.match(method, path);
    if (match.kind !== "found") {
      throw new GitHubApiError(404, `Not Found (the GitHub emulator does not serve ${method} ${path})`);
    }
    const context: RequestContext = {
      world: deps.world,
      actor: caller,
      params: match.params,
      query: url.searchParams,
      body: method === "GET" || method === "HEAD" ? {} : parseJsonBody(raw),
      headers: req.headers,
      apiBase: `http://${req.headers.host ?? "127.0.0.1"}${prefix}`,
      path,
      emit: (event) => deps.webhooks.emit(event),
    };
    const reply = match.handler(context);
    status = reply.status;
    send(res, reply.status, reply.body, reply.headers);
  } catch (error) {
    const apiError =
      error instanceof GitHubApiError
        ? error
        : new GitHubApiError(
            500,
            `GitHub emulator bug while serving ${method} ${path}: ${(error as Error)?.stack ?? String(error)}`,
          );
    status = apiError.status;
    if (res.headersSent) res.destroy();
    else send(res, apiError.status, apiError.body(), apiError.headers);
  } finally {
    const readable = safeDecode(path); // "heads%2Fmain" is recorded as "heads/main"
    deps.recorder.record({ method, path: readable, status, actor, writes: isWrite(method, readable) });
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function createGitHubServer(deps: ServerDeps): Server {
  const router = buildRouter();
  return createServer((req, res) => {
    void handle(deps, router, req, res);
  });
}
