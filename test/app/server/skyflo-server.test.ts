// The host end to end over loopback: signed webhooks through Probot's middleware, acknowledged
// before the work runs; bad signatures, duplicates, health and readiness, and the drain.
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { type ApplicationFunction, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProbot } from "../../../app/server/create-probot.ts";
import { createSkyfloServer, type SkyfloServer } from "../../../app/server/skyflo-server.ts";
import { createWorkQueue, type WorkQueue } from "../../../app/server/work-queue.ts";

const SECRET = "test-webhook-secret";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function commentPayload(number: number, body: string) {
  return {
    action: "created",
    issue: { number, title: "t", user: { login: "ana", type: "User" } },
    comment: { id: 100 + number, body, user: { login: "ana", type: "User" } },
    repository: {
      id: 1,
      name: "shop",
      full_name: "acme/shop",
      owner: { login: "acme", type: "Organization" },
    },
    sender: { login: "ana", type: "User" },
    installation: { id: 42 },
  };
}

interface Harness {
  server: SkyfloServer;
  queue: WorkQueue;
  /** Delivery ids the app's handler saw. */
  received: string[];
  /** Delivery ids whose queued work ran. */
  worked: string[];
  /** Work waits on this gate. */
  gate: ReturnType<typeof deferred>;
}

let harness: Harness;

async function start(options: { maxBodyBytes?: number } = {}): Promise<Harness> {
  const queue = createWorkQueue({ log: { error: () => {} } });
  const received: string[] = [];
  const worked: string[] = [];
  const gate = deferred();
  // A tiny app: records the event and enqueues its work, as the real app must.
  const appFn: ApplicationFunction = (app) => {
    app.on("issue_comment.created", async (context) => {
      if (context.payload.comment.body === "explode") throw new Error("handler failed");
      received.push(context.id);
      queue.enqueue(`${context.payload.repository.full_name}#${context.payload.issue.number}`, async () => {
        await gate.promise;
        worked.push(context.id);
      });
    });
  };
  const probot = createProbot(
    { APP_ID: "1", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, LOG_LEVEL: "fatal" },
    { Octokit: TestOctokit },
  );
  const server = await createSkyfloServer({ appFn, probot, port: 0, host: "127.0.0.1", queue, ...options });
  return { server, queue, received, worked, gate };
}

async function deliver(
  payload: object,
  options: { id?: string; secret?: string; event?: string } = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", options.secret ?? SECRET)
    .update(body)
    .digest("hex")}`;
  return fetch(harness.server.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": options.event ?? "issue_comment",
      "x-github-delivery": options.id ?? randomUUID(),
      "x-hub-signature-256": signature,
    },
    body,
  });
}

beforeEach(async () => {
  harness = await start();
});
afterEach(async () => {
  harness.gate.resolve();
  await harness.server.close();
});

describe("createSkyfloServer", () => {
  it("acknowledges a signed webhook with 200 before its work runs, then runs the work", async () => {
    const response = await deliver(commentPayload(1, "/skyflo scale web to 5 in shop"), { id: "d-1" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
    expect(harness.received).toEqual(["d-1"]);
    expect(harness.worked).toEqual([]); // the work is still waiting: the ack did not wait for it
    expect(harness.queue.size).toBe(1);
    harness.gate.resolve();
    await harness.queue.idle();
    expect(harness.worked).toEqual(["d-1"]);
  });

  it("rejects a wrong signature with 400 and queues no work", async () => {
    const response = await deliver(commentPayload(1, "/skyflo help"), { id: "d-bad", secret: "wrong" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("signature does not match");
    expect(harness.received).toEqual([]);
    expect(harness.queue.size).toBe(0);
    // A forged delivery does not claim its id: the genuine one is still handled.
    expect((await deliver(commentPayload(1, "/skyflo help"), { id: "d-bad" })).status).toBe(200);
    expect(harness.received).toEqual(["d-bad"]);
  });

  it("rejects a webhook without GitHub's headers", async () => {
    const response = await fetch(harness.server.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Required headers missing");
    expect(harness.received).toEqual([]);
  });

  it("ignores a delivery id it has seen before", async () => {
    const payload = commentPayload(2, "/skyflo help");
    expect((await deliver(payload, { id: "d-dup" })).status).toBe(200);
    const again = await deliver(payload, { id: "d-dup" });
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("duplicate delivery ignored\n");
    expect(harness.received).toEqual(["d-dup"]);
    expect(harness.queue.size).toBe(1);
  });

  it("handles a redelivery of a delivery whose handler failed", async () => {
    expect((await deliver(commentPayload(3, "explode"), { id: "d-fail" })).status).toBe(500);
    expect((await deliver(commentPayload(3, "/skyflo help"), { id: "d-fail" })).status).toBe(200);
    expect(harness.received).toEqual(["d-fail"]);
  });

  it("refuses a payload over the size limit with 413", async () => {
    await harness.server.close();
    harness = await start({ maxBodyBytes: 100 });
    const response = await deliver(commentPayload(4, "x".repeat(200)));
    expect(response.status).toBe(413);
    expect(harness.received).toEqual([]);
  });

  it("answers /healthz and /readyz, and 404 elsewhere", async () => {
    const health = await fetch(`${harness.server.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
    const ready = await fetch(`${harness.server.url}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, "ready\n"]);
    const other = await fetch(`${harness.server.url}/nope`);
    expect(other.status).toBe(404);
    expect(await other.text()).toBe("Not found. Webhooks are received at /api/github/webhooks.\n");
  });

  it("drains: /readyz turns 503 at once, new webhooks are refused, in-flight work finishes", async () => {
    expect((await deliver(commentPayload(5, "/skyflo help"), { id: "d-busy" })).status).toBe(200);
    const drained = harness.server.drain(10_000);
    expect(harness.server.draining).toBe(true);
    expect((await fetch(`${harness.server.url}/readyz`)).status).toBe(503);
    const refused = await deliver(commentPayload(6, "/skyflo help"), { id: "d-late" });
    expect(refused.status).toBe(503);
    expect(await refused.text()).toBe(
      "Skyflo is shutting down and takes no new work; redeliver this webhook later.\n",
    );
    harness.gate.resolve();
    expect(await drained).toEqual({ finished: true, pending: 0 });
    expect(harness.worked).toEqual(["d-busy"]);
    expect(harness.received).toEqual(["d-busy"]);
    const ready = await fetch(`${harness.server.url}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([503, "draining\n"]);
    expect((await fetch(`${harness.server.url}/healthz`)).status).toBe(200);
  });

  it("drain gives up at its deadline and reports the work left", async () => {
    expect((await deliver(commentPayload(7, "/skyflo help"))).status).toBe(200);
    expect(await harness.server.drain(30)).toEqual({ finished: false, pending: 1 });
  });

  it("close stops listening", async () => {
    const { url } = harness.server;
    await harness.server.close();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
