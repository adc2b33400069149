// App authentication as the real clients do it: @octokit/auth-app and Probot (through GHE_HOST,
// i.e. the /api/v3 prefix) sign RS256 JWTs, mint installation tokens and act as <slug>[bot].
import { createSign } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { createProbot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { failure, seedRepo } from "./testing.ts";

let emulator: GitHubEmulator;

beforeAll(async () => {
  emulator = await startGitHubEmulator({ appId: 777 });
  await seedRepo(emulator, "acme", "shop", "olivia");
  await emulator
    .octokitAs("bob")
    .rest.repos.createForAuthenticatedUser({ name: "dotfiles", auto_init: true });
});

afterAll(async () => {
  await emulator.close();
});

function appOctokit(installationId?: number): Octokit {
  return new Octokit({
    baseUrl: emulator.url,
    authStrategy: createAppAuth,
    auth: {
      appId: emulator.appId,
      privateKey: emulator.privateKeyPem,
      ...(installationId ? { installationId } : {}),
    },
  });
}

function jwt(claims: Record<string, unknown>, key = emulator.privateKeyPem): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(key).toString("base64url");
  return `${unsigned}.${signature}`;
}

describe("the app (JWT)", () => {
  it("reads itself and its installations: one per account that has a repository", async () => {
    const app = appOctokit();
    const { data } = await app.rest.apps.getAuthenticated();
    expect(data).toMatchObject({ id: 777, slug: "skyflo" });
    const installations = await app.rest.apps.listInstallations();
    expect(installations.data.map((i) => [i.account?.login, i.target_type]).sort()).toEqual([
      ["acme", "Organization"],
      ["bob", "User"],
    ]);
    const byRepo = await app.rest.apps.getRepoInstallation({ owner: "acme", repo: "shop" });
    expect(byRepo.data.id).toBe(emulator.installationId("acme"));
    expect((await app.rest.apps.getOrgInstallation({ org: "acme" })).data.id).toBe(
      emulator.installationId("acme"),
    );
    expect((await app.rest.apps.getUserInstallation({ username: "bob" })).data.id).toBe(
      emulator.installationId("bob"),
    );
    expect((await failure(app.rest.apps.getOrgInstallation({ org: "nobody" }))).status).toBe(404);
  });

  it("refuses JWTs that are unsigned by the app's key, expired, for another app, or not JWTs at all", async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const good = { iat: nowSeconds - 30, exp: nowSeconds + 540, iss: 777 };
    const { generateKeyPairSync } = await import("node:crypto");
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    });
    const cases: [string, string, RegExp][] = [
      ["signed by another key", jwt(good, otherKey as string), /signature/],
      ["expired", jwt({ ...good, exp: nowSeconds - 1 }), /Expiration time/],
      ["too long-lived", jwt({ ...good, exp: nowSeconds + 3600 }), /too far in the future/],
      ["another app", jwt({ ...good, iss: 1 }), /Issuer/],
    ];
    for (const [, token, message] of cases) {
      const response = await fetch(`${emulator.url}/app`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    }
    expect(
      (await fetch(`${emulator.url}/app`, { headers: { authorization: `Bearer ${jwt(good)}` } })).status,
    ).toBe(200);
    expect((await failure(emulator.octokitAs("olivia").rest.apps.getAuthenticated())).status).toBe(401);
    const appOnRepo = await fetch(`${emulator.url}/repos/acme/shop`, {
      headers: { authorization: `Bearer ${jwt(good)}` },
    });
    expect(appOnRepo.status).toBe(403);
    const badToken = await fetch(`${emulator.url}/repos/acme/shop`, {
      headers: { authorization: "token ghs_forged" },
    });
    expect(badToken.status).toBe(401);
  });
});

describe("installation tokens", () => {
  it("act as <slug>[bot] with write access to the account's repositories only", async () => {
    const octokit = appOctokit(emulator.installationId("acme"));
    const comment = await octokit.rest.issues.create({ owner: "acme", repo: "shop", title: "from the app" });
    expect(comment.data.user).toMatchObject({ login: "skyflo[bot]", type: "Bot" });
    const repos = await octokit.rest.apps.listReposAccessibleToInstallation();
    expect(repos.data.repositories.map((r) => r.full_name)).toEqual(["acme/shop"]);
    expect((await failure(octokit.rest.repos.get({ owner: "bob", repo: "dotfiles" }))).status).toBe(404);
    expect(
      (await failure(octokit.rest.repos.addCollaborator({ owner: "acme", repo: "shop", username: "x" })))
        .message,
    ).toBe("Resource not accessible by integration");
    const token = await appOctokit().rest.apps.createInstallationAccessToken({
      installation_id: emulator.installationId("acme"),
    });
    expect(token.status).toBe(201);
    expect(token.data.token).toMatch(/^ghs_/);
    expect(Date.parse(token.data.expires_at)).toBeGreaterThan(Date.now());
    expect(
      (await failure(appOctokit().rest.apps.createInstallationAccessToken({ installation_id: 999_999_999 })))
        .status,
    ).toBe(404);
  });

  it("work for Probot configured with GHE_HOST/GHE_PROTOCOL (the /api/v3 prefix)", async () => {
    const probot = createProbot({
      env: {
        APP_ID: String(emulator.appId),
        PRIVATE_KEY: emulator.privateKeyPem,
        WEBHOOK_SECRET: emulator.webhookSecret,
        GHE_HOST: new URL(emulator.url).host,
        GHE_PROTOCOL: "http",
        LOG_LEVEL: "silent",
      },
      overrides: {
        Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
          ...options,
          retry: { enabled: false },
          throttle: { enabled: false },
        })),
      },
    });
    emulator.resetRequests();
    const octokit = await probot.auth(emulator.installationId("acme"));
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "shop" });
    expect(data.full_name).toBe("acme/shop");
    const requests = emulator.requests();
    expect(requests.map((r) => [r.method, r.path, r.status, r.actor])).toEqual([
      ["POST", `/app/installations/${emulator.installationId("acme")}/access_tokens`, 201, "app"],
      ["GET", "/repos/acme/shop", 200, "skyflo[bot]"],
    ]);
    const viaPrefix = await fetch(`${emulator.url}/api/v3/repos/acme/shop`, {
      headers: { authorization: "token olivia" },
    });
    expect(viaPrefix.status).toBe(200);
  });
});
