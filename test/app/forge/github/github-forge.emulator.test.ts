// GitHubForge against the GitHub API emulator, authenticated the way `skyflo serve` is: a Probot
// built from the emulator's app settings (GHE_HOST), an installation token per account.
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ForgeError } from "../../../../app/forge/errors.ts";
import { botLoginOf } from "../../../../app/forge/github/bot-login.ts";
import { GitHubForge } from "../../../../app/forge/github/github-forge.ts";
import { createProbot } from "../../../../app/server/create-probot.ts";
import { type GitHubEmulator, startGitHubEmulator } from "../../../emulators/github/index.ts";
import { seedRepo } from "../../../emulators/github/testing.ts";

const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const repo = { owner: "acme", repo: "shop" };
let emulator: GitHubEmulator;
let forge: GitHubForge;
let mainSha: string;
let botLogin: string;

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  await seedRepo(emulator, "acme", "shop", "olivia");
  const probot = createProbot(
    {
      APP_ID: String(emulator.appId),
      PRIVATE_KEY_PATH: emulator.privateKeyPath,
      WEBHOOK_SECRET: emulator.webhookSecret,
      GHE_HOST: new URL(emulator.url).host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "fatal",
    },
    { Octokit: TestOctokit },
  );
  botLogin = await botLoginOf(probot);
  forge = new GitHubForge(await probot.auth(emulator.installationId("acme")), { botLogin });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => {
  emulator.faults.clear();
});

async function failure(promise: Promise<unknown>): Promise<ForgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeError);
  return error as ForgeError;
}

describe("GitHubForge on the emulator", () => {
  it("learns the app's bot login from GET /app", () => {
    expect(botLogin).toBe("skyflo[bot]");
  });

  it("reads the default branch and files; a missing file is undefined", async () => {
    const branch = await forge.defaultBranch(repo);
    expect(branch.name).toBe("main");
    expect(branch.sha).toMatch(/^[0-9a-f]{40}$/);
    mainSha = branch.sha;
    expect(await forge.readFile(repo, "README.md", "main")).toBe("# shop\n");
    expect(await forge.readFile(repo, ".github/skyflo.yml", "main")).toBeUndefined();
  });

  it("reads permissions and active team memberships", async () => {
    const olivia = emulator.octokitAs("olivia");
    await olivia.rest.repos.addCollaborator({ ...repo, username: "dev", permission: "push" });
    await olivia.rest.repos.addCollaborator({ ...repo, username: "triager", permission: "triage" });
    await olivia.rest.teams.addOrUpdateMembershipForUserInOrg({
      org: "acme",
      team_slug: "sre",
      username: "ana",
    });
    await olivia.request("PUT /orgs/{org}/teams/{team_slug}/memberships/{username}", {
      org: "acme",
      team_slug: "sre",
      username: "invited",
      state: "pending",
    });
    expect(await forge.permission(repo, "olivia")).toBe("admin");
    expect(await forge.permission(repo, "dev")).toBe("write");
    expect(await forge.permission(repo, "triager")).toBe("triage");
    // The repository is public: as on GitHub, anyone can read it (and write is what requests need).
    expect(await forge.permission(repo, "stranger")).toBe("read");
    expect(await forge.isTeamMember("acme", "sre", "ana")).toBe(true);
    expect(await forge.isTeamMember("acme", "sre", "invited")).toBe(false);
    expect(await forge.isTeamMember("acme", "sre", "stranger")).toBe(false);
    expect(await forge.isTeamMember("acme", "nobody", "ana")).toBe(false);
  });

  it("acknowledges, comments, and keeps one marked status comment updated in place", async () => {
    const dev = emulator.octokitAs("dev");
    const { data: issue } = await dev.rest.issues.create({ ...repo, title: "Scale web" });
    const { data: request } = await dev.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: "/skyflo scale web to 5 in shop <!-- skyflo:status -->",
    });
    await forge.acknowledge(repo, request.id);
    const reactions = await dev.rest.reactions.listForIssueComment({ ...repo, comment_id: request.id });
    expect(reactions.data.map((r) => [r.content, r.user?.login])).toEqual([["eyes", "skyflo[bot]"]]);

    const marker = "<!-- skyflo:status -->";
    const first = await forge.upsertComment(repo, issue.number, marker, `${marker}\nPlanning…`);
    const second = await forge.upsertComment(repo, issue.number, marker, `${marker}\nPull request opened`);
    expect(second.id).toBe(first.id);
    const reply = await forge.comment(repo, issue.number, "Here is help.");
    const { data: comments } = await dev.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(comments.map((c) => [c.id, c.user?.login, c.body])).toEqual([
      [request.id, "dev", request.body], // the person's comment carrying the marker is not adopted
      [first.id, "skyflo[bot]", `${marker}\nPull request opened`],
      [reply.id, "skyflo[bot]", "Here is help."],
    ]);
    expect(second.url).toBe(comments[1]?.html_url);
  });

  it("commits every file in one commit on a new branch, then moves it on replan", async () => {
    const olivia = emulator.octokitAs("olivia");
    const files = [
      { path: ".skyflo/plans/p1.yaml", content: "id: p1\nsteps: []\n" },
      { path: ".skyflo/plans/notes.md", content: "ünïcødé\n" },
    ];
    emulator.resetRequests();
    const { sha } = await forge.commitFiles(repo, {
      branch: "skyflo/p1",
      baseSha: mainSha,
      message: "Plan p1",
      files,
    });
    // The base's tree is known from defaultBranch: three writes, no read.
    expect(emulator.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /repos/acme/shop/git/trees",
      "POST /repos/acme/shop/git/commits",
      "POST /repos/acme/shop/git/refs",
    ]);
    const { data: commit } = await olivia.rest.git.getCommit({ ...repo, commit_sha: sha });
    expect(commit.parents.map((p) => p.sha)).toEqual([mainSha]);
    expect(commit.message).toBe("Plan p1");
    const { data: ref } = await olivia.rest.git.getRef({ ...repo, ref: "heads/skyflo/p1" });
    expect(ref.object.sha).toBe(sha);
    expect(await forge.readFile(repo, ".skyflo/plans/p1.yaml", "skyflo/p1")).toBe(files[0]?.content);
    expect(await forge.readFile(repo, ".skyflo/plans/notes.md", "skyflo/p1")).toBe(files[1]?.content);
    expect(await forge.readFile(repo, "README.md", "skyflo/p1")).toBe("# shop\n"); // the base tree is kept

    // Replan: a fresh single commit on the base, force-moved over the old head.
    const replanned = await forge.commitFiles(repo, {
      branch: "skyflo/p1",
      baseSha: mainSha,
      parentSha: mainSha,
      message: "Replan p1",
      files: [{ path: ".skyflo/plans/p1.yaml", content: "id: p1\nsteps: [x]\n" }],
    });
    const { data: moved } = await olivia.rest.git.getRef({ ...repo, ref: "heads/skyflo/p1" });
    expect(moved.object.sha).toBe(replanned.sha);
    expect(await forge.readFile(repo, ".skyflo/plans/p1.yaml", "skyflo/p1")).toBe("id: p1\nsteps: [x]\n");
    expect(await forge.readFile(repo, ".skyflo/plans/notes.md", "skyflo/p1")).toBeUndefined();

    const again = await failure(
      forge.commitFiles(repo, { branch: "skyflo/p1", baseSha: mainSha, message: "dup", files }),
    );
    expect(again.status).toBe(422);
    expect(again.message).toMatch(/^GitHub could not create the branch skyflo\/p1 in acme\/shop \(422/);
  });

  it("opens, reads and updates a pull request, and reviews it with one call", async () => {
    const opened = await forge.openChangeRequest(repo, {
      head: "skyflo/p1",
      base: "main",
      title: "Plan p1",
      body: "The plan",
    });
    expect(opened).toMatchObject({
      headBranch: "skyflo/p1",
      baseBranch: "main",
      baseSha: mainSha,
      state: "open",
      body: "The plan",
      author: "skyflo[bot]",
    });
    await forge.updateChangeRequest(repo, opened.number, { body: "The plan, rendered" });
    const read = await forge.getChangeRequest(repo, opened.number);
    expect(read).toEqual({ ...opened, body: "The plan, rendered" });

    emulator.resetRequests();
    await forge.reviewWithComments(repo, opened.number, {
      commitSha: read.headSha,
      body: "Dry-run previews",
      comments: [{ path: ".skyflo/plans/p1.yaml", startLine: 1, line: 2, body: "step diff" }],
    });
    expect(emulator.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/acme/shop/pulls/${opened.number}/reviews`,
    ]);
    const olivia = emulator.octokitAs("olivia");
    const { data: comments } = await olivia.rest.pulls.listReviewComments({
      ...repo,
      pull_number: opened.number,
    });
    expect(comments.map((c) => [c.path, c.start_line, c.line, c.side, c.body, c.commit_id])).toEqual([
      [".skyflo/plans/p1.yaml", 1, 2, "RIGHT", "step diff", read.headSha],
    ]);
  });

  it("turns injected faults into ForgeErrors: 404 names the object, rate limits and 5xx are retryable", async () => {
    const missing = await failure(forge.getChangeRequest(repo, 999));
    expect(missing.status).toBe(404);
    expect(missing.message).toMatch(
      /^GitHub could not read pull request #999 in acme\/shop \(404: Not Found\)\./,
    );

    emulator.faults.failNext({
      path: "/repos/acme/shop/collaborators",
      status: 429,
      headers: { "retry-after": "7" },
    });
    expect(await failure(forge.permission(repo, "dev"))).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 7000,
    });
    emulator.faults.failNext({
      path: "/repos/acme/shop",
      status: 403,
      headers: {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 60),
      },
    });
    const limited = await failure(forge.defaultBranch(repo));
    expect(limited).toMatchObject({ status: 403, retryable: true });
    expect(limited.retryAfterMs).toBeGreaterThan(50_000);
    emulator.faults.failNext({ path: "/repos/acme/shop/issues", status: 502 });
    expect(await failure(forge.comment(repo, 1, "x"))).toMatchObject({ status: 502, retryable: true });
    emulator.faults.failNext({
      path: "/repos/acme/shop/contents",
      status: 403,
      message: "Resource not accessible by integration",
    });
    expect((await failure(forge.readFile(repo, "README.md", "main"))).message).toBe(
      "GitHub could not read README.md at main in acme/shop (403: Resource not accessible by integration). The app lacks a permission it needs; check the app's permissions and that it is installed on the repository.",
    );
  });
});
