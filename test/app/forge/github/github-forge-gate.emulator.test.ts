// GitHubForge's gate reads and check writes against the GitHub API emulator, authenticated the way
// `skyflo serve` is (a Probot installation token): real pagination, real reviews, real check runs.
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
let probot: ReturnType<typeof createProbot>;
let forge: GitHubForge;
let prNumber: number;
let headSha: string;

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  const { octokit: olivia } = await seedRepo(emulator, "acme", "shop", "olivia");
  for (const username of ["dev", "nina"]) {
    await olivia.rest.repos.addCollaborator({ ...repo, username, permission: "push" });
  }
  probot = createProbot(
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
  forge = new GitHubForge(await probot.auth(emulator.installationId("acme")), {
    botLogin: await botLoginOf(probot),
  });
  // A pull request with more files than one page holds.
  const main = await forge.defaultBranch(repo);
  const files = Array.from({ length: 130 }, (_, i) => ({
    path: `files/f${String(i).padStart(3, "0")}.txt`,
    content: `${i}\n`,
  }));
  const commit = await forge.commitFiles(repo, { branch: "many", baseSha: main.sha, message: "many", files });
  headSha = commit.sha;
  const pr = await forge.openChangeRequest(repo, { head: "many", base: "main", title: "Many", body: "" });
  prNumber = pr.number;
});
afterAll(async () => {
  await emulator?.close();
});

describe("GitHubForge gate reads and checks on the emulator", () => {
  it("lists every changed file across pages", async () => {
    const paths = await forge.listChangedFiles(repo, prNumber);
    expect(paths).toHaveLength(130);
    expect(paths[0]).toBe("files/f000.txt");
    expect(paths.at(-1)).toBe("files/f129.txt");
  });

  it("lists reviews with their state, commit and time; the app's own review is a bot's", async () => {
    await emulator
      .octokitAs("dev")
      .rest.pulls.createReview({ ...repo, pull_number: prNumber, event: "APPROVE" });
    await emulator
      .octokitAs("nina")
      .rest.pulls.createReview({ ...repo, pull_number: prNumber, event: "REQUEST_CHANGES", body: "No." });
    await forge.reviewWithComments(repo, prNumber, { commitSha: headSha, body: "Diffs.", comments: [] });
    const reviews = await forge.listReviews(repo, prNumber);
    expect(reviews.map(({ login, isBot, state, commitId }) => ({ login, isBot, state, commitId }))).toEqual([
      { login: "dev", isBot: false, state: "APPROVED", commitId: headSha },
      { login: "nina", isBot: false, state: "CHANGES_REQUESTED", commitId: headSha },
      { login: "skyflo[bot]", isBot: true, state: "COMMENTED", commitId: headSha },
    ]);
    for (const review of reviews) expect(Date.parse(review.submittedAt)).not.toBeNaN();
  });

  it("creates the check once, then updates the same run in place", async () => {
    const first = await forge.setCheck(repo, {
      name: "skyflo/approval",
      headSha,
      status: "in_progress",
      title: "Checking",
      summary: "…",
    });
    const second = await forge.setCheck(repo, {
      name: "skyflo/approval",
      headSha,
      status: "completed",
      conclusion: "success",
      title: "Approved by @olivia at 1234567",
      summary: "All good.",
      text: "Details.",
    });
    expect(second.id).toBe(first.id);
    const { data } = await emulator
      .octokitAs("dev")
      .rest.checks.listForRef({ ...repo, ref: headSha, check_name: "skyflo/approval", filter: "all" });
    expect(data.check_runs.map((r) => [r.id, r.status, r.conclusion, r.output.title, r.output.text])).toEqual(
      [[first.id, "completed", "success", "Approved by @olivia at 1234567", "Details."]],
    );
    // A different name is a different check.
    const other = await forge.setCheck(repo, {
      name: "skyflo/other",
      headSha,
      status: "completed",
      conclusion: "neutral",
      title: "Other",
      summary: "x",
    });
    expect(other.id).not.toBe(first.id);
  });
});
