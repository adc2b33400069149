// Issues, comments and reactions as people and the app use them; check runs, which only the app may write.
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { failure, seedRepo } from "./testing.ts";

let emulator: GitHubEmulator;
let bot: Octokit;
const repo = { owner: "acme", repo: "shop" };

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  await seedRepo(emulator, "acme", "shop", "olivia");
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

afterAll(async () => {
  await emulator.close();
});

describe("issues and comments", () => {
  it("lets anyone open an issue and comment; authors and triagers edit", async () => {
    const alice = emulator.octokitAs("alice");
    const issue = await alice.rest.issues.create({ ...repo, title: "Scale web", body: "please" });
    expect(issue.status).toBe(201);
    expect(issue.data).toMatchObject({
      number: 1,
      state: "open",
      user: { login: "alice" },
      author_association: "NONE",
    });
    expect(issue.data.pull_request).toBeUndefined();
    const comment = await alice.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: "/skyflo scale web to 5 in shop",
    });
    expect(comment.status).toBe(201);
    expect(comment.data.html_url).toMatch(/\/acme\/shop\/issues\/1#issuecomment-\d+$/);
    const status = await bot.rest.issues.createComment({ ...repo, issue_number: 1, body: "Planning…" });
    expect(status.data.user).toMatchObject({ login: "skyflo[bot]", type: "Bot" });
    const edited = await bot.rest.issues.updateComment({
      ...repo,
      comment_id: status.data.id,
      body: "PR opened",
    });
    expect(edited.data.body).toBe("PR opened");
    expect((await bot.rest.issues.getComment({ ...repo, comment_id: status.data.id })).data.body).toBe(
      "PR opened",
    );
    const list = await alice.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(list.data.map((c) => c.user?.login)).toEqual(["alice", "skyflo[bot]"]);
    const stranger = await failure(
      emulator
        .octokitAs("mallory")
        .rest.issues.updateComment({ ...repo, comment_id: comment.data.id, body: "x" }),
    );
    expect(stranger.status).toBe(403);
    expect(
      (await failure(alice.rest.issues.createComment({ ...repo, issue_number: 99, body: "x" }))).status,
    ).toBe(404);
    expect(
      (await failure(alice.rest.issues.createComment({ ...repo, issue_number: 1, body: "" }))).status,
    ).toBe(422);
    const tooLong = await failure(
      alice.rest.issues.createComment({ ...repo, issue_number: 1, body: "x".repeat(65_537) }),
    );
    expect(tooLong.status).toBe(422);
    const closed = await alice.rest.issues.update({ ...repo, issue_number: 1, state: "closed" });
    expect(closed.data.state).toBe("closed");
  });

  it("paginates comments with Link headers that Octokit follows", async () => {
    const alice = emulator.octokitAs("alice");
    const issue = await alice.rest.issues.create({ ...repo, title: "Many comments" });
    for (let i = 0; i < 5; i++)
      await alice.rest.issues.createComment({ ...repo, issue_number: issue.data.number, body: `c${i}` });
    const page = await alice.rest.issues.listComments({
      ...repo,
      issue_number: issue.data.number,
      per_page: 2,
    });
    expect(page.headers.link).toContain('rel="next"');
    const all = await alice.paginate(alice.rest.issues.listComments, {
      ...repo,
      issue_number: issue.data.number,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual(["c0", "c1", "c2", "c3", "c4"]);
  });

  it("adds reactions once per person and content", async () => {
    const alice = emulator.octokitAs("alice");
    const comment = await alice.rest.issues.createComment({ ...repo, issue_number: 1, body: "/skyflo help" });
    const first = await bot.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.data.id,
      content: "eyes",
    });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ content: "eyes", user: { login: "skyflo[bot]" } });
    const again = await bot.rest.reactions.createForIssueComment({
      ...repo,
      comment_id: comment.data.id,
      content: "eyes",
    });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);
    const got = await alice.rest.issues.getComment({ ...repo, comment_id: comment.data.id });
    expect(got.data.reactions).toMatchObject({ total_count: 1, eyes: 1 });
    const bad = await failure(
      bot.rest.reactions.createForIssueComment({
        ...repo,
        comment_id: comment.data.id,
        content: "party" as "eyes",
      }),
    );
    expect(bad.status).toBe(422);
  });
});

describe("check runs", () => {
  it("are created and completed by the app, and listed per ref (latest per name by default)", async () => {
    const head = (await bot.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const run = await bot.rest.checks.create({
      ...repo,
      name: "skyflo/execute",
      head_sha: head,
      status: "in_progress",
    });
    expect(run.status).toBe(201);
    expect(run.data).toMatchObject({
      name: "skyflo/execute",
      head_sha: head,
      status: "in_progress",
      conclusion: null,
    });
    const done = await bot.rest.checks.update({
      ...repo,
      check_run_id: run.data.id,
      conclusion: "success",
      output: { title: "Executed", summary: "1 step", text: "details" },
    });
    expect(done.data).toMatchObject({
      status: "completed",
      conclusion: "success",
      output: { title: "Executed", summary: "1 step" },
    });
    expect(done.data.completed_at).not.toBeNull();
    await bot.rest.checks.create({ ...repo, name: "skyflo/execute", head_sha: head, status: "queued" });
    await bot.rest.checks.create({ ...repo, name: "skyflo/verify", head_sha: head, conclusion: "failure" });
    const latest = await bot.rest.checks.listForRef({ ...repo, ref: "main" });
    expect(latest.data.total_count).toBe(2);
    expect(latest.data.check_runs.map((r) => [r.name, r.status])).toEqual([
      ["skyflo/verify", "completed"],
      ["skyflo/execute", "queued"],
    ]);
    const all = await emulator
      .octokitAs("olivia")
      .rest.checks.listForRef({ ...repo, ref: head, filter: "all", check_name: "skyflo/execute" });
    expect(all.data.total_count).toBe(2);
  });

  it("refuses users, unknown commits and incomplete completions", async () => {
    const olivia = emulator.octokitAs("olivia");
    const head = (await olivia.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const asUser = await failure(olivia.rest.checks.create({ ...repo, name: "x", head_sha: head }));
    expect(asUser).toMatchObject({ status: 403, message: "You must authenticate via a GitHub App." });
    expect(
      (await failure(bot.rest.checks.create({ ...repo, name: "x", head_sha: "d".repeat(40) }))).status,
    ).toBe(422);
    expect(
      (await failure(bot.rest.checks.create({ ...repo, name: "x", head_sha: head, status: "completed" })))
        .status,
    ).toBe(422);
    expect(
      (await failure(bot.rest.checks.update({ ...repo, check_run_id: 1, status: "completed" }))).status,
    ).toBe(404);
  });
});
