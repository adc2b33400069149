// GitHubForge.mergeChangeRequest against the GitHub API emulator: the merge lands only at the
// expected head, with the given title and message, by each merge method.
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForgeError } from "../../../../app/forge/errors.ts";
import { botLoginOf } from "../../../../app/forge/github/bot-login.ts";
import { GitHubForge } from "../../../../app/forge/github/github-forge.ts";
import type { MergeMethod } from "../../../../app/forge/types.ts";
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
  const botLogin = await botLoginOf(probot);
  forge = new GitHubForge(await probot.auth(emulator.installationId("acme")), { botLogin });
});
afterAll(async () => {
  await emulator?.close();
});

/** A pull request from a new branch with one commit that writes `path`. */
async function openPull(branch: string, path: string) {
  const base = await forge.defaultBranch(repo);
  const { sha } = await forge.commitFiles(repo, {
    branch,
    baseSha: base.sha,
    message: `Add ${path}`,
    files: [{ path, content: `${branch}\n` }],
  });
  const pull = await forge.openChangeRequest(repo, {
    head: branch,
    base: base.name,
    title: branch,
    body: "",
  });
  return { pull, head: sha, baseSha: base.sha };
}

async function failure(promise: Promise<unknown>): Promise<ForgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeError);
  return error as ForgeError;
}

describe("GitHubForge.mergeChangeRequest", () => {
  it("squash-merges at the expected head with the given title and message", async () => {
    const { pull, head, baseSha } = await openPull("merge-squash", "squash.txt");
    const message = "Body line\n\nApproved-by: @olivia (review 1 at abc)\nVerified: success\n";
    const merged = await forge.mergeChangeRequest(repo, pull.number, {
      method: "squash",
      sha: head,
      title: "skyflo p1: squash (#1)",
      message,
    });
    const olivia = emulator.octokitAs("olivia");
    const { data: commit } = await olivia.rest.git.getCommit({ ...repo, commit_sha: merged.sha });
    expect(commit.message).toBe(`skyflo p1: squash (#1)\n\n${message}`);
    expect(commit.parents.map((p) => p.sha)).toEqual([baseSha]);
    expect((await forge.defaultBranch(repo)).sha).toBe(merged.sha);
    expect(await forge.readFile(repo, "squash.txt", merged.sha)).toBe("merge-squash\n");
    expect((await forge.getChangeRequest(repo, pull.number)).state).toBe("merged");

    // Merged already: refused with the action in the message.
    const again = await failure(
      forge.mergeChangeRequest(repo, pull.number, { method: "squash", sha: head, title: "t", message: "m" }),
    );
    expect(again.message).toContain(`merge pull request #${pull.number} in acme/shop`);
  });

  it("refuses when the head moved since `sha` and leaves the pull request open", async () => {
    const { pull, baseSha } = await openPull("merge-stale", "stale.txt");
    const moved = await forge.commitFiles(repo, {
      branch: "merge-stale",
      baseSha,
      parentSha: (await forge.getChangeRequest(repo, pull.number)).headSha,
      message: "another commit",
      files: [{ path: "stale2.txt", content: "x\n" }],
    });
    expect(moved.sha).not.toBe(pull.headSha);
    const error = await failure(
      forge.mergeChangeRequest(repo, pull.number, {
        method: "squash",
        sha: pull.headSha,
        title: "t",
        message: "m",
      }),
    );
    expect(error.status).toBe(409);
    expect((await forge.getChangeRequest(repo, pull.number)).state).toBe("open");
  });

  it.each<MergeMethod>(["merge", "rebase"])("merges by %s", async (method) => {
    const { pull, head } = await openPull(`merge-by-${method}`, `${method}.txt`);
    const merged = await forge.mergeChangeRequest(repo, pull.number, {
      method,
      sha: head,
      title: `by ${method}`,
      message: "m",
    });
    expect(await forge.readFile(repo, `${method}.txt`, merged.sha)).toBe(`merge-by-${method}\n`);
    expect((await forge.defaultBranch(repo)).sha).toBe(merged.sha);
    expect((await forge.getChangeRequest(repo, pull.number)).state).toBe("merged");
  });
});
