// Skyflo's HTTP host: our own node:http server with Probot's webhook middleware at the webhook
// path, /healthz (the process is up), /readyz (loaded and not draining), duplicate-delivery
// filtering, and a drain for SIGTERM that refuses new webhooks and lets queued work finish.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApplicationFunction, createNodeMiddleware, type Probot } from "probot";
import { createDeliveryLog, type DeliveryLog } from "./deliveries.ts";
import { createWorkQueue, type DrainResult, type WorkQueue } from "./work-queue.ts";

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";
/** Below Kubernetes' default 30 s termination grace period. */
export const DEFAULT_DRAIN_DEADLINE_MS = 25_000;
/** GitHub caps webhook payloads at 25 MB. */
const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;

export interface SkyfloServerOptions {
  /** The Probot app; its handlers should enqueue work on `queue` and return at once. */
  appFn: ApplicationFunction;
  probot: Probot;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  webhookPath?: string;
  /** The queue the app enqueues on; drain() waits for it. Default: a new queue logging to probot.log. */
  queue?: WorkQueue;
  deliveries?: DeliveryLog;
  drainDeadlineMs?: number;
  maxBodyBytes?: number;
}

export interface SkyfloServer {
  /** Base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  webhookUrl: string;
  queue: WorkQueue;
  readonly draining: boolean;
  /** Fails /readyz, refuses new webhooks with 503, and waits (at most the deadline) for queued work. */
  drain(deadlineMs?: number): Promise<DrainResult>;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

export async function createSkyfloServer(options: SkyfloServerOptions): Promise<SkyfloServer> {
  const { appFn, probot } = options;
  const webhookPath = options.webhookPath ?? DEFAULT_WEBHOOK_PATH;
  const queue = options.queue ?? createWorkQueue({ log: probot.log });
  const deliveries = options.deliveries ?? createDeliveryLog();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: webhookPath });
  const webhooks = (await probot.ready()).webhooks;
  let loaded = true;
  let draining = false;
  let inFlight = 0;
  const inFlightDone: (() => void)[] = [];

  const receiveWebhook = async (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      reply(res, 503, "Skyflo is shutting down and takes no new work; redeliver this webhook later.\n");
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      reply(res, 413, `The webhook payload is larger than ${maxBodyBytes} bytes.\n`);
      return;
    }
    // The middleware reads a string `body` instead of the (already consumed) stream.
    (req as IncomingMessage & { body?: string }).body = body;
    const id = header(req, "x-github-delivery");
    const signature = header(req, "x-hub-signature-256");
    // Only a correctly signed delivery may claim an id; the middleware answers the others.
    const verified = id !== undefined && signature !== undefined && (await webhooks.verify(body, signature));
    if (verified && deliveries.seen(id)) {
      reply(res, 200, "duplicate delivery ignored\n");
      return;
    }
    await middleware(req, res, () => reply(res, 404, "Not found.\n"));
    // A delivery whose handling failed may be redelivered by GitHub: let it through then.
    if (verified && res.statusCode >= 500) deliveries.forget(id);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz") return reply(res, 200, "ok\n");
    if (path === "/readyz") {
      return draining || !loaded ? reply(res, 503, "draining\n") : reply(res, 200, "ready\n");
    }
    if (path !== webhookPath) return reply(res, 404, `Not found. Webhooks are received at ${webhookPath}.\n`);
    inFlight += 1;
    receiveWebhook(req, res)
      .catch((error: unknown) => {
        probot.log.error({ err: error }, "Webhook request failed");
        if (!res.headersSent) reply(res, 500, "internal error\n");
      })
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) {
          for (const resolve of inFlightDone.splice(0)) resolve();
        }
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostText}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    webhookUrl: `${url}${webhookPath}`,
    queue,
    get draining() {
      return draining;
    },
    async drain(deadlineMs = options.drainDeadlineMs ?? DEFAULT_DRAIN_DEADLINE_MS) {
      draining = true;
      const started = Date.now();
      // Requests already past the draining check may still be enqueueing work.
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => inFlightDone.push(resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref()),
        ]);
      }
      return queue.drain(Math.max(0, deadlineMs - (Date.now() - started)));
    },
    close() {
      loaded = false;
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(text);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** The request body as text, or undefined when it exceeds `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
