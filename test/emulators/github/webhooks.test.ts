// Webhooks: signed with the secret (verified by @octokit/webhooks), one per action, in order per
// repository, shaped like GitHub's payloads; the app's own actions are delivered too.
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { putFile, seedRepo } from "./testing.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.ts";

let emulator: GitHubEmulator;
let receiver: WebhookReceiver;
let olivia: Octokit;
let bot: Octokit;
const repo = { owner: "acme", repo: "shop" };
const secret = "It's a Secret to Everybody";

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startGitHubEmulator({ webhookUrl: receiver.url, webhookSecret: secret });
  ({ octokit: olivia } = await seedRepo(emulator, "acme", "shop", "olivia"));
  await olivia.rest.repos.addCollaborator({ ...repo, username: "alice", permission: "push" });
  bot = new Octokit({
    baseUrl: emulator.url,
    authStrategy: createAppAuth,
    auth: {
      appId: emulator.appId,
      privateKey: emulator.privateKeyPem,
      installationId: emulator.installationId("acme"),
    },
  });
});

beforeEach(async () => {
  await emulator.waitForDeliveries();
  receiver.received.length = 0;
  receiver.respondWith(202);
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

/** What arrived since the test began, as [event, action] pairs. */
function arrived(): [string, unknown][] {
  return receiver.received.map((d) => [d.event, d.payload.action]);
}

describe("delivery", () => {
  it("signs the exact body, names the event and a unique delivery id", async () => {
    const issue = await emulator.octokitAs("alice").rest.issues.create({ ...repo, title: "Scale web" });
    const comment = await emulator.octokitAs("alice").rest.issues.createComment({
      ...repo,
      issue_number: issue.data.number,
      body: "/skyflo scale web to 5 in shop",
    });
    await emulator.waitForDeliveries();
    expect(arrived()).toEqual([
      ["issues", "opened"],
      ["issue_comment", "created"],
    ]);
    const webhooks = new Webhooks({ secret });
    for (const delivery of receiver.received) {
      expect(await webhooks.verify(delivery.body, String(delivery.headers["x-hub-signature-256"]))).toBe(
        true,
      );
      expect(
        await new Webhooks({ secret: "wrong" }).verify(
          delivery.body,
          String(delivery.headers["x-hub-signature-256"]),
        ),
      ).toBe(false);
      expect(delivery.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(delivery.headers["content-type"]).toBe("application/json");
    }
    const payload = receiver.received[1]?.payload as Record<string, Record<string, unknown>>;
    expect(payload.comment).toMatchObject({
      id: comment.data.id,
      body: "/skyflo scale web to 5 in shop",
      user: { login: "alice" },
    });
    expect(payload.issue).toMatchObject({ number: issue.data.number, title: "Scale web" });
    expect(payload.issue?.pull_request).toBeUndefined();
    expect(payload.repository).toMatchObject({
      full_name: "acme/shop",
      default_branch: "main",
      owner: { login: "acme" },
    });
    expect(payload.sender).toMatchObject({ login: "alice", type: "User" });
    expect(payload.installation).toMatchObject({ id: emulator.installationId("acme") });
    expect(
      emulator
        .deliveries()
        .slice(-2)
        .map((d) => [d.event, d.action, d.status]),
    ).toEqual([
      ["issues", "opened", 202],
      ["issue_comment", "created", 202],
    ]);
  });

  it("delivers a repository's events in the order they happened", async () => {
    const alice = emulator.octokitAs("alice");
    const issue = await alice.rest.issues.create({ ...repo, title: "Ordering" });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        alice.rest.issues.createComment({ ...repo, issue_number: issue.data.number, body: `c${i}` }),
      ),
    );
    await emulator.waitForDeliveries();
    const sent = emulator
      .deliveries()
      .filter((d) => d.event === "issue_comment")
      .slice(-10);
    const got = receiver.received.filter((d) => d.event === "issue_comment");
    expect(got.map((d) => d.headers["x-github-delivery"])).toEqual(sent.map((d) => d.id));
  });

  it("records the receiver's status, or an error when it cannot be reached", async () => {
    receiver.respondWith(500);
    const alice = emulator.octokitAs("alice");
    await alice.rest.issues.create({ ...repo, title: "fails" });
    await emulator.waitForDeliveries();
    expect(emulator.deliveries().at(-1)?.status).toBe(500);
    emulator.setWebhookUrl("http://127.0.0.1:9/nothing-listens-here");
    await alice.rest.issues.create({ ...repo, title: "unreachable" });
    await emulator.waitForDeliveries();
    const last = emulator.deliveries().at(-1);
    expect(last?.status).toBe("error");
    expect(last?.error).toBeTruthy();
    emulator.setWebhookUrl(receiver.url);
    expect(() => emulator.setWebhookUrl("not a url")).toThrow();
  });
});

describe("pull request lifecycle", () => {
  it("opened, PR comments, synchronize on pushes, reviews, dismissal, check runs, closed+merged", async () => {
    const main = (await olivia.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    await bot.rest.git.createRef({ ...repo, ref: "refs/heads/skyflo/1-plan", sha: main });
    await putFile(bot, "acme", "shop", "plan.yaml", "steps: []\n", "skyflo/1-plan");
    const pull = await bot.rest.pulls.create({
      ...repo,
      title: "Plan",
      head: "skyflo/1-plan",
      base: "main",
      body: "plan",
    });
    await emulator
      .octokitAs("alice")
      .rest.issues.createComment({ ...repo, issue_number: pull.data.number, body: "/skyflo replan" });
    // A contents PUT on the PR's branch is a push.
    const pushed = await putFile(olivia, "acme", "shop", "plan.yaml", "steps: [1]\n", "skyflo/1-plan");
    // So is moving the branch with the Git data API (here: force it back).
    await bot.rest.git.updateRef({
      ...repo,
      ref: "heads/skyflo/1-plan",
      sha: pull.data.head.sha,
      force: true,
    });
    const review = await olivia.rest.pulls.createReview({
      ...repo,
      pull_number: pull.data.number,
      event: "APPROVE",
    });
    await olivia.rest.pulls.dismissReview({
      ...repo,
      pull_number: pull.data.number,
      review_id: review.data.id,
      message: "stale",
    });
    const run = await bot.rest.checks.create({
      ...repo,
      name: "skyflo/execute",
      head_sha: pull.data.head.sha,
      status: "in_progress",
    });
    await bot.rest.checks.update({ ...repo, check_run_id: run.data.id, conclusion: "success" });
    await bot.rest.pulls.merge({ ...repo, pull_number: pull.data.number, merge_method: "squash" });
    await emulator.waitForDeliveries();
    expect(arrived()).toEqual([
      ["pull_request", "opened"],
      ["issue_comment", "created"],
      ["pull_request", "synchronize"],
      ["pull_request", "synchronize"],
      ["pull_request_review", "submitted"],
      ["pull_request_review", "dismissed"],
      ["check_run", "created"],
      ["check_run", "completed"],
      ["pull_request", "closed"],
    ]);
    const [opened, prComment, sync1, sync2, submitted, dismissed, created, , closed] = receiver.received.map(
      (d) => d.payload as Record<string, Record<string, unknown>>,
    );
    expect(opened?.pull_request).toMatchObject({
      number: pull.data.number,
      state: "open",
      merged: false,
      body: "plan",
      user: { login: "skyflo[bot]", type: "Bot" },
      head: { ref: "skyflo/1-plan", sha: pull.data.head.sha },
      base: { ref: "main", sha: main },
    });
    expect(opened?.sender).toMatchObject({ login: "skyflo[bot]", type: "Bot" });
    expect(prComment?.issue?.pull_request).toBeDefined();
    expect(sync1).toMatchObject({
      before: pull.data.head.sha,
      after: pushed.commit.sha,
      pull_request: { head: { sha: pushed.commit.sha } },
    });
    expect(sync2).toMatchObject({ before: pushed.commit.sha, after: pull.data.head.sha });
    expect(submitted?.review).toMatchObject({
      id: review.data.id,
      state: "approved",
      commit_id: pull.data.head.sha,
      user: { login: "olivia" },
    });
    expect(dismissed?.review).toMatchObject({ id: review.data.id, state: "dismissed" });
    expect(created?.check_run).toMatchObject({
      name: "skyflo/execute",
      status: "in_progress",
      head_sha: pull.data.head.sha,
    });
    expect(closed?.pull_request).toMatchObject({ state: "closed", merged: true });
  });
});
