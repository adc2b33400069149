// handleApprovalCheck against a recording fake Forge: where each file is read from, what is
// written, and that a forge failure ends in a check that says so (never an approval).
import { describe, expect, it } from "vitest";
import { ForgeError } from "../../../app/forge/errors.ts";
import type { ChangeRequest, CommitCheck, Forge } from "../../../app/forge/types.ts";
import { handleApprovalCheck } from "../../../app/pipeline/approval-check.ts";
import { CommitFileCache } from "../../../app/pipeline/commit-file-cache.ts";
import { bodyMetadataComment } from "../../../app/render/body-metadata.ts";

const repo = { owner: "acme", repo: "shop" };
const BASE = "b".repeat(40);
const HEAD = "c".repeat(40);
const MAIN = "d".repeat(40);
const metadata = { planId: "4-scale-web", digest: `sha256:${"e".repeat(64)}`, requester: "dev", issue: 4 };

function fakeForge(options: { body?: string; reviews?: () => Promise<never> } = {}) {
  const reads: string[] = [];
  const checks: CommitCheck[] = [];
  const statuses: string[] = [];
  const pr: ChangeRequest = {
    number: 5,
    url: "https://github.com/acme/shop/pull/5",
    headBranch: "skyflo/4-scale-web",
    headSha: HEAD,
    baseBranch: "main",
    baseSha: BASE,
    state: "open",
    body: options.body ?? `Plan\n\n${bodyMetadataComment(metadata)}\n`,
    author: "skyflo[bot]",
  };
  const forge: Partial<Forge> = {
    getChangeRequest: async () => pr,
    defaultBranch: async () => ({ name: "main", sha: MAIN }),
    readFile: async (_repo, path, ref) => {
      reads.push(`${path}@${ref.slice(0, 1)}`);
      if (path === ".github/CODEOWNERS") return "/.skyflo/plans/ @olivia\n";
      return undefined;
    },
    listChangedFiles: async () => [".skyflo/plans/4-scale-web.yaml"],
    listReviews: options.reviews ?? (async () => []),
    isTeamMember: async () => false,
    readCheck: async () => undefined,
    setCheck: async (_repo, check) => {
      checks.push(check);
      return { id: 1, url: "u" };
    },
    upsertComment: async (_repo, _issue, _marker, body) => {
      statuses.push(body);
      return { id: 2, url: "u" };
    },
  };
  return { forge: forge as Forge, reads, checks, statuses };
}

describe("handleApprovalCheck", () => {
  it("does nothing for a pull request without Skyflo's metadata", async () => {
    const fake = fakeForge({ body: "Just docs." });
    const outcome = await handleApprovalCheck(
      { forge: fake.forge, repo, prNumber: 5 },
      { files: new CommitFileCache() },
    );
    expect(outcome).toEqual({ kind: "not-a-plan" });
    expect(fake.reads).toEqual([]);
    expect(fake.checks).toEqual([]);
  });

  it("reads config at the default branch, CODEOWNERS at the PR's base (once per commit), the plan at head", async () => {
    const fake = fakeForge();
    const files = new CommitFileCache();
    const outcome = await handleApprovalCheck({ forge: fake.forge, repo, prNumber: 5 }, { files });
    expect(outcome).toMatchObject({ kind: "checked", approved: false, headSha: HEAD });
    expect(fake.reads).toEqual([
      ".github/skyflo.yml@d",
      // A run record at head means the plan already ran: the PR is finished, not re-evaluated.
      ".skyflo/runs/4-scale-web.json@c",
      ".github/CODEOWNERS@b",
      ".skyflo/plans/4-scale-web.yaml@c",
    ]);
    expect(fake.checks).toEqual([
      expect.objectContaining({
        name: "skyflo/approval",
        headSha: HEAD,
        status: "completed",
        conclusion: "action_required",
      }),
    ]);
    expect(fake.checks[0]?.summary).toContain("does not exist at ccccccc");
    expect(fake.statuses[0]).toContain("waiting for approval");

    fake.reads.length = 0;
    await handleApprovalCheck({ forge: fake.forge, repo, prNumber: 5, reportAwaiting: false }, { files });
    expect(fake.reads).toEqual([".skyflo/runs/4-scale-web.json@c", ".skyflo/plans/4-scale-web.yaml@c"]);
    expect(fake.statuses).toHaveLength(1);
  });

  it("a forge failure is never an approval: the check says the approval could not be checked, and why", async () => {
    const fake = fakeForge({
      reviews: async () => {
        throw new ForgeError("GitHub could not list the reviews of pull request #5 in acme/shop (502).");
      },
    });
    const outcome = await handleApprovalCheck(
      { forge: fake.forge, repo, prNumber: 5 },
      { files: new CommitFileCache() },
    );
    expect(outcome).toEqual({
      kind: "failed",
      reason:
        "Skyflo could not finish this request: GitHub could not list the reviews of pull request #5 in acme/shop (502).",
    });
    expect(fake.checks).toEqual([
      expect.objectContaining({ conclusion: "action_required", title: "The approval could not be checked" }),
    ]);
    expect(fake.statuses).toEqual([]);
  });
});
