// A real Probot app behind createNodeMiddleware, configured the way `skyflo serve` is (GHE_HOST,
// GHE_PROTOCOL, APP_ID, PRIVATE_KEY_PATH, WEBHOOK_SECRET), receives the emulator's signed webhooks
// and answers through the emulator with its installation token.
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, createProbot, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { eventually, seedRepo } from "./testing.ts";

let emulator: GitHubEmulator;
let server: Server;

beforeAll(async () => {
  emulator = await startGitHubEmulator({ webhookSecret: "probot-secret" });
  const probot = createProbot({
    env: {
      APP_ID: String(emulator.appId),
      PRIVATE_KEY: readFileSync(emulator.privateKeyPath, "utf8"),
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
  const middleware = await createNodeMiddleware(
    (app) => {
      app.on("issue_comment.created", async (context) => {
        if (context.isBot) return; // the app's own comments come back as webhooks too
        await context.octokit.rest.reactions.createForIssueComment(
          context.repo({ comment_id: context.payload.comment.id, content: "eyes" as const }),
        );
        await context.octokit.rest.issues.createComment(
          context.issue({ body: `Hello @${context.payload.sender.login}` }),
        );
      });
    },
    { probot },
  );
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  emulator.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`);
  await seedRepo(emulator, "acme", "shop", "olivia");
});

afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

describe("a Probot app against the emulator", () => {
  it("verifies the webhook, reacts and replies as skyflo[bot], and ignores its own comment's webhook", async () => {
    const alice = emulator.octokitAs("alice");
    const issue = await alice.rest.issues.create({ owner: "acme", repo: "shop", title: "hi" });
    const comment = await alice.rest.issues.createComment({
      owner: "acme",
      repo: "shop",
      issue_number: issue.data.number,
      body: "/skyflo help",
    });
    const reply = await eventually(async () => {
      await emulator.waitForDeliveries();
      const { data } = await alice.rest.issues.listComments({
        owner: "acme",
        repo: "shop",
        issue_number: issue.data.number,
      });
      return data.find((c) => c.user?.login === "skyflo[bot]");
    });
    expect(reply.body).toBe("Hello @alice");
    const reactions = await alice.rest.reactions.listForIssueComment({
      owner: "acme",
      repo: "shop",
      comment_id: comment.data.id,
    });
    expect(reactions.data.map((r) => [r.content, r.user?.login])).toEqual([["eyes", "skyflo[bot]"]]);
    await emulator.waitForDeliveries();
    const comments = emulator.deliveries().filter((d) => d.event === "issue_comment");
    expect(comments.map((d) => [(d.payload.sender as { login: string }).login, d.status])).toEqual([
      ["alice", 200],
      ["skyflo[bot]", 200],
    ]);
  });
});
