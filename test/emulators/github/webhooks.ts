// Webhook delivery: each event's payload is snapshotted when it happens, signed (X-Hub-Signature-256
// = HMAC-SHA256 of the exact body bytes) and POSTed to the configured URL. Deliveries of one
// repository go out one after another, in the order the events happened; repositories in parallel.
import { createHmac, randomUUID } from "node:crypto";
import { installationShape, repoShape, userShape } from "./shapes.ts";
import type { Repo, World } from "./state/world.ts";

export interface WebhookEvent {
  repo: Repo;
  event: string;
  action?: string;
  /** Login of whoever caused it (the app's bot login for the app's own actions). */
  sender: string;
  /** Event-specific fields (issue, comment, pull_request, …). */
  payload: Record<string, unknown>;
}

export interface Delivery {
  id: string;
  event: string;
  action?: string;
  /** The receiver's HTTP status, or "error" when it could not be reached (see `error`). */
  status: number | "error";
  repository: string;
  payload: Record<string, unknown>;
  error?: string;
}

const deliveryTimeoutMs = 10_000; // GitHub's own limit

export function signBody(secret: string, body: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    sha1: `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
  };
}

export class WebhookDispatcher {
  private url: string | undefined;
  private readonly secret: string;
  private readonly world: World;
  private readonly log: Delivery[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();

  constructor(world: World, url: string | undefined, secret: string) {
    this.world = world;
    this.url = url;
    this.secret = secret;
  }

  setUrl(url: string): void {
    new URL(url); // throws a clear TypeError on a malformed URL
    this.url = url;
  }

  deliveries(): Delivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  emit(event: WebhookEvent): void {
    const installation = this.world.install(event.repo.owner);
    const payload = {
      ...(event.action ? { action: event.action } : {}),
      ...event.payload,
      repository: repoShape(this.world, event.repo),
      organization:
        event.repo.owner.type === "Organization"
          ? installationShape(this.world, installation).account
          : undefined,
      sender: userShape(this.world, event.sender),
      installation: {
        id: installation.id,
        node_id: Buffer.from(`Installation:${installation.id}`).toString("base64url"),
      },
    };
    const delivery: Delivery = {
      id: randomUUID(),
      event: event.event,
      ...(event.action ? { action: event.action } : {}),
      status: "error",
      repository: `${event.repo.owner.login}/${event.repo.name}`,
      payload,
    };
    this.log.push(delivery);
    const body = JSON.stringify(payload);
    const key = delivery.repository.toLowerCase();
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.send(delivery, body, installation.id));
    this.chains.set(key, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private async send(delivery: Delivery, body: string, installationId: number): Promise<void> {
    const url = this.url;
    if (!url) {
      delivery.error = "no webhook URL configured (start the emulator with webhookUrl or call setWebhookUrl)";
      return;
    }
    const signature = signBody(this.secret, body);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/emulator",
          "x-github-event": delivery.event,
          "x-github-delivery": delivery.id,
          "x-github-hook-id": "1",
          "x-github-hook-installation-target-id": String(this.world.appId),
          "x-github-hook-installation-target-type": "integration",
          "x-hub-signature": signature.sha1,
          "x-hub-signature-256": signature.sha256,
          "x-github-installation-id": String(installationId),
        },
        body,
        signal: AbortSignal.timeout(deliveryTimeoutMs),
      });
      await response.arrayBuffer();
      delivery.status = response.status;
    } catch (error) {
      delivery.error = (error as Error).message;
    }
  }

  /** Resolves once every delivery queued so far, and any queued while waiting, has been answered. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
