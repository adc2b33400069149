// What every route handler gets, and what it returns.
import type { IncomingHttpHeaders } from "node:http";
import type { Actor } from "./auth.ts";
import type { Params } from "./router.ts";
import type { World } from "./state/world.ts";
import type { WebhookEvent } from "./webhooks.ts";

export interface RequestContext {
  world: World;
  actor: Actor;
  params: Params;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The API base the caller used (with /api/v3 when it did), for Link headers. */
  apiBase: string;
  path: string;
  emit(event: WebhookEvent): void;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (c: RequestContext) => Reply;
