// Entry point every test uses: an in-process, stateful GitHub REST API on loopback (also under
// /api/v3), with one GitHub App installed on every account, signed webhook delivery, a request
// recorder and fault injection. See README.md.
import { generateKeyPair, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { publicKeyOf } from "./auth.ts";
import { type FailRule, FaultInjector, type Faults } from "./faults.ts";
import { type RecordedRequest, RequestRecorder } from "./recorder.ts";
import { createGitHubServer } from "./server.ts";
import { World } from "./state/world.ts";
import { WebhookDispatcher } from "./webhooks.ts";

export type { FailRule, Faults } from "./faults.ts";
export type { RecordedRequest } from "./recorder.ts";
export type { Delivery } from "./webhooks.ts";
export { signBody } from "./webhooks.ts";

export interface GitHubEmulatorOptions {
  port?: number;
  host?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  appId?: number;
  /** The app's slug; installation tokens act as `<slug>[bot]` (default "skyflo"). */
  appSlug?: string;
}

export interface DeliveryRecord {
  id: string;
  event: string;
  action?: string;
  status: number | "error";
  /** "owner/name" of the repository the event happened in. */
  repository: string;
  /** The payload exactly as sent. */
  payload: Record<string, unknown>;
  /** Why it could not be delivered, when status is "error". */
  error?: string;
}

export interface GitHubEmulator {
  readonly url: string;
  readonly appId: number;
  readonly appSlug: string;
  readonly privateKeyPem: string;
  readonly privateKeyPath: string;
  readonly webhookSecret: string;
  /** The app's installation on an account (created if the account has none yet). */
  installationId(owner: string): number;
  /** A plain @octokit/rest client authenticated as a user (`Authorization: token <login>`). */
  octokitAs(login: string): Octokit;
  /** A plain @octokit/rest client acting as the app's installation on `owner` (`<slug>[bot]`), via @octokit/auth-app. */
  octokitAsApp(owner: string): Octokit;
  setWebhookUrl(url: string): void;
  deliveries(): DeliveryRecord[];
  waitForDeliveries(): Promise<void>;
  requests(): RecordedRequest[];
  resetRequests(): void;
  faults: Faults;
  close(): Promise<void>;
}

// Failed requests reject anyway; logging each one as well only adds noise to test output.
const quietLog = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const appId = options.appId ?? 424242;
  if (!Number.isSafeInteger(appId) || appId < 1)
    throw new Error(`appId must be a positive integer, got ${appId}`);
  const appSlug = options.appSlug ?? "skyflo";
  if (!/^[a-z0-9][a-z0-9-]*$/.test(appSlug)) {
    throw new Error(`appSlug must be lower-case letters, digits and dashes, got "${appSlug}"`);
  }
  // GitHub hands out PKCS#1 ("BEGIN RSA PRIVATE KEY") files; so do we.
  const { privateKey: privateKeyPem } = await promisify(generateKeyPair)("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const dir = await mkdtemp(join(tmpdir(), "github-emulator-"));
  const privateKeyPath = join(dir, "app.private-key.pem");
  await writeFile(privateKeyPath, privateKeyPem, { mode: 0o600 });
  const webhookSecret = options.webhookSecret ?? randomBytes(16).toString("hex");
  const world = new World(appId, appSlug);
  const webhooks = new WebhookDispatcher(world, options.webhookUrl, webhookSecret);
  if (options.webhookUrl) webhooks.setUrl(options.webhookUrl);
  const faults = new FaultInjector();
  const recorder = new RequestRecorder();
  const server = createGitHubServer({
    world,
    publicKey: publicKeyOf(privateKeyPem),
    faults,
    recorder,
    webhooks,
  });
  const address = await listen(server, options.host ?? "127.0.0.1", options.port ?? 0);
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  world.url = url;
  let closed: Promise<void> | undefined;
  const installationId = (owner: string): number => {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(owner))
      throw new Error(`installationId: "${owner}" is not a valid login`);
    return world.install(world.account(owner)).id;
  };

  return {
    url,
    appId,
    appSlug,
    privateKeyPem,
    privateKeyPath,
    webhookSecret,
    installationId,
    octokitAs(login) {
      // A bare string is sent as "token <login>" by @octokit/auth-token.
      return new Octokit({
        auth: login,
        baseUrl: url,
        userAgent: `github-emulator-test (${login})`,
        log: quietLog,
      });
    },
    octokitAsApp(owner) {
      return new Octokit({
        baseUrl: url,
        authStrategy: createAppAuth,
        auth: { appId, privateKey: privateKeyPem, installationId: installationId(owner) },
        log: quietLog,
      });
    },
    setWebhookUrl(next) {
      webhooks.setUrl(next);
    },
    deliveries: () => webhooks.deliveries(),
    waitForDeliveries: () => webhooks.idle(),
    requests: () => recorder.list(),
    resetRequests: () => recorder.reset(),
    faults: {
      failNext: (rule: FailRule) => faults.failNext(rule),
      clear: () => faults.clear(),
    },
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await webhooks.idle();
        await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
