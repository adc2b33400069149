// The host receiving real signed deliveries from the GitHub API emulator: a comment on an issue
// reaches the app, which is acknowledged at once; the queued work then answers through
// GitHubForge with the installation Octokit Probot gives the handler.
import { type ApplicationFunction, ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubForge } from "../../../app/forge/github/github-forge.ts";
import { createProbot } from "../../../app/server/create-probot.ts";
import { createSkyfloServer, type SkyfloServer } from "../../../app/server/skyflo-server.ts";
import { createWorkQueue } from "../../../app/server/work-queue.ts";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.ts";
import { seedRepo } from "../../emulators/github/testing.ts";

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const repo = { owner: "acme", repo: "shop" };
let emulator: GitHubEmulator;
let server: SkyfloServer;
const queue = createWorkQueue({ log: { error: () => {} } });
const handled: string[] = [];

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  await seedRepo(emulator, "acme", "shop", "olivia");
  const appFn: ApplicationFunction = (app) => {
    app.on("issue_comment.created", async (context) => {
      if (context.isBot) return;
      handled.push(context.id);
      const { comment, issue } = context.payload;
      queue.enqueue(`acme/shop#${issue.number}`, async () => {
        const forge = new GitHubForge(context.octokit);
        await forge.acknowledge(repo, comment.id);
        await forge.comment(repo, issue.number, `Seen: ${comment.body}`);
      });
    });
  };
  const probot = createProbot(
    {
      APP_ID: String(emulator.appId),
      PRIVATE_KEY: emulator.privateKeyPem,
      WEBHOOK_SECRET: emulator.webhookSecret,
      GHE_HOST: new URL(emulator.url).host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "fatal",
    },
    { Octokit: TestOctokit },
  );
  server = await createSkyfloServer({ appFn, probot, queue, port: 0 });
  emulator.setWebhookUrl(server.webhookUrl);
});
afterAll(async () => {
  await server?.close();
  await emulator?.close();
});

describe("createSkyfloServer with the GitHub emulator", () => {
  it("acknowledges the delivery, then the queued work answers through the forge", async () => {
    const dev = emulator.octokitAs("dev");
    const { data: issue } = await dev.rest.issues.create({ ...repo, title: "Scale web" });
    const { data: comment } = await dev.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: "/skyflo help",
    });
    await emulator.waitForDeliveries();
    const delivery = emulator.deliveries().find((d) => d.event === "issue_comment");
    expect(delivery?.status).toBe(200);
    expect(handled).toEqual([delivery?.id]);
    await queue.idle();
    const reactions = await dev.rest.reactions.listForIssueComment({ ...repo, comment_id: comment.id });
    expect(reactions.data.map((r) => r.content)).toEqual(["eyes"]);
    const { data: comments } = await dev.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([
      ["dev", "/skyflo help"],
      ["skyflo[bot]", "Seen: /skyflo help"],
    ]);
    // The bot's own comment was delivered too, and ignored by the app.
    await emulator.waitForDeliveries();
    expect(emulator.deliveries().filter((d) => d.event === "issue_comment")).toHaveLength(2);
    expect(handled).toHaveLength(1);
  });
});
