// executeApproved against a recording fake Forge and the Kubernetes emulator, with real Approvals
// from the gate: what it refuses before running, what a second run does, and what happens when the
// branch moves during the run or the merge fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RepoConfigSchema } from "../../../app/config/repo-config.ts";
import { ForgeError } from "../../../app/forge/errors.ts";
import type { ChangeRequest, CommitCheck, FileChange, Forge } from "../../../app/forge/types.ts";
import { executeApproved } from "../../../app/pipeline/execute-approved.ts";
import { type Plan, RunRecordSchema } from "../../../app/plan/index.ts";
import { createToolRegistry } from "../../../tools/index.ts";
import { createKubeClients } from "../../../tools/kubernetes/client.ts";
import { Policy } from "../../../tools/policy.ts";
import {
  appendEnvStep,
  approve,
  approvedDiffsFor,
  deployment,
  type ExecuteFixture,
  lockNamespace,
  makePlan,
  type Replica,
  scaleStep,
  startExecuteFixture,
} from "../execute/execute-fixture.ts";

const repo = { owner: "acme", repo: "shop" };
const HEAD = "a".repeat(40); // the fixture's approvals are given at this head, on PR #7
const BASE = "b".repeat(40);
const config = RepoConfigSchema.parse({});
let fixture: ExecuteFixture;

beforeAll(async () => {
  fixture = await startExecuteFixture([deployment("api"), deployment("gone-later")]);
});
afterAll(async () => {
  await fixture?.close();
});

let replica: Replica | undefined;
/** The dry-run diffs the plan PR would have shown, as Skyflo's record at head holds them. */
async function diffsOf(plan: Plan): Promise<Record<string, string>> {
  replica ??= await fixture.replica("previewer");
  return approvedDiffsFor(replica, plan);
}

/** executeApproved with a fresh approval of `plan` and the diffs its PR would have shown. */
async function runApproved(forge: Forge, plan: Plan, extra: { issue?: number; config?: typeof config } = {}) {
  return executeApproved(
    {
      forge,
      repo,
      approval: await approve(plan),
      plan,
      approvedDiffs: await diffsOf(plan),
      issue: extra.issue ?? 1,
      config: extra.config ?? config,
    },
    deps(),
  );
}

function deps() {
  return {
    registry: createToolRegistry(),
    kube: createKubeClients(fixture.emulator.kubeConfig()),
    serverPolicy: new Policy(),
    now: () => new Date(),
    lockNamespace,
  };
}

interface FakeOptions {
  /** The PR as each getChangeRequest call sees it, in order (the last one repeats). */
  pulls?: Partial<ChangeRequest>[];
  merge?: () => Promise<{ sha: string }>;
}

function fakeForge(options: FakeOptions = {}) {
  const checks: CommitCheck[] = [];
  const statuses: string[] = [];
  const commits: { parentSha?: string; branch: string; files: FileChange[] }[] = [];
  const merges: { sha: string; method: string; message: string }[] = [];
  const labels: string[] = [];
  const closedIssues: number[] = [];
  const comments: string[] = [];
  const pr: ChangeRequest = {
    number: 7,
    url: "https://github.com/acme/shop/pull/7",
    headBranch: "skyflo/plan",
    headSha: HEAD,
    baseBranch: "main",
    baseSha: BASE,
    state: "open",
    body: "",
    author: "skyflo[bot]",
  };
  const pulls = options.pulls ?? [{}];
  let reads = 0;
  const forge: Partial<Forge> = {
    getChangeRequest: async () => ({ ...pr, ...pulls[Math.min(reads++, pulls.length - 1)] }),
    setCheck: async (_repo, check) => {
      checks.push(check);
      return { id: 1, url: "u" };
    },
    upsertComment: async (_repo, _issue, _marker, body) => {
      statuses.push(body);
      return { id: 2, url: "u" };
    },
    commitFiles: async (_repo, commit) => {
      commits.push(commit);
      return { sha: "f".repeat(40) };
    },
    closeIssue: async (_repo, number) => {
      closedIssues.push(number);
    },
    addLabels: async (_repo, _number, names) => {
      labels.push(...names);
    },
    comment: async (_repo, _number, body) => {
      comments.push(body);
      return { id: 3, url: "u" };
    },
    mergeChangeRequest: async (_repo, _number, merge) => {
      merges.push(merge);
      return options.merge ? options.merge() : { sha: "9".repeat(40) };
    },
  };
  return { forge: forge as Forge, checks, statuses, commits, merges, labels, comments, closedIssues };
}

describe("executeApproved", () => {
  it("runs, records on the approved head and merges at the record commit; a second run is locked and writes nothing", async () => {
    const plan = makePlan([appendEnvStep("s1", "api", "first")]);
    const approval = await approve(plan);
    const fake = fakeForge();
    const outcome = await executeApproved(
      { forge: fake.forge, repo, approval, plan, approvedDiffs: await diffsOf(plan), issue: 1, config },
      deps(),
    );
    expect(outcome).toEqual({ kind: "merged", recordSha: "f".repeat(40), mergeSha: "9".repeat(40) });
    expect(fixture.runs("api")).toEqual(["first"]);
    expect(fake.commits).toHaveLength(1);
    expect(fake.commits[0]).toMatchObject({ branch: "skyflo/plan", parentSha: HEAD });
    const file = fake.commits[0]?.files[0];
    expect(file?.path).toBe(`.skyflo/runs/${plan.metadata.id}.json`);
    const record = RunRecordSchema.parse(JSON.parse(file?.content ?? ""));
    expect(record).toMatchObject({ outcome: "succeeded", approval: { headSha: HEAD } });
    expect(fake.merges).toEqual([expect.objectContaining({ sha: "f".repeat(40), method: "squash" })]);
    expect(fake.merges[0]?.message).toContain(`Approved-by: @bob (review 11 at ${HEAD})`);
    expect(fake.checks.every((c) => c.headSha === HEAD)).toBe(true);
    expect(fake.checks.filter((c) => c.status === "completed").map((c) => [c.name, c.conclusion])).toEqual([
      ["skyflo/execute", "success"],
      ["skyflo/verify", "success"],
    ]);
    expect(fake.statuses.at(-1)).toContain("merged");

    // The same approval again (a redelivery, another replica): the Lease refuses; nothing is written.
    const second = fakeForge();
    const again = await executeApproved(
      { forge: second.forge, repo, approval, plan, approvedDiffs: await diffsOf(plan), issue: 1, config },
      deps(),
    );
    expect(again.kind).toBe("locked");
    expect(fixture.runs("api")).toEqual(["first"]);
    expect([second.checks, second.statuses, second.commits, second.merges]).toEqual([[], [], [], []]);
  });

  it("does not run when the PR was closed or its head moved since the approval", async () => {
    const plan = makePlan([appendEnvStep("s1", "api", "never")]);
    const approval = await approve(plan);
    for (const pull of [{ state: "closed" as const }, { headSha: "c".repeat(40) }]) {
      const fake = fakeForge({ pulls: [pull] });
      const outcome = await executeApproved(
        { forge: fake.forge, repo, approval, plan, approvedDiffs: await diffsOf(plan), issue: 1, config },
        deps(),
      );
      expect(outcome.kind).toBe("stale");
      expect(fake.checks).toEqual([]);
      expect(fake.commits).toEqual([]);
    }
    expect(fixture.runs("api")).not.toContain("never");
  });

  it("a failed step: the record is committed, nothing is merged, the status says why", async () => {
    const plan = makePlan([scaleStep("s1", "does-not-exist", 2)]);
    const fake = fakeForge();
    const outcome = await runApproved(fake.forge, plan);
    expect(outcome).toMatchObject({ kind: "failed-run", recordSha: "f".repeat(40) });
    expect(fake.merges).toEqual([]);
    const record = RunRecordSchema.parse(JSON.parse(fake.commits[0]?.files[0]?.content ?? ""));
    expect(record.outcome).toBe("failed");
    expect(fake.checks.at(-1)).toMatchObject({ name: "skyflo/execute", conclusion: "failure" });
    expect(fake.statuses.at(-1)).toContain("was not merged");
  });

  it("a push during the run: the record is not force-pushed over it and nothing is merged", async () => {
    const plan = makePlan([scaleStep("s1", "gone-later", 4)]);
    const fake = fakeForge({ pulls: [{}, { headSha: "d".repeat(40) }] });
    const outcome = await runApproved(fake.forge, plan);
    expect(outcome.kind).toBe("failed-run");
    expect(fake.commits).toEqual([]);
    expect(fake.merges).toEqual([]);
    expect(fake.statuses.at(-1)).toContain("changed during the run");
    expect(fake.statuses.at(-1)).toContain("RunRecord");
  });

  it("a merge the forge refuses leaves the PR open with its record, and says why", async () => {
    const plan = makePlan([scaleStep("s1", "api", 3)]);
    const fake = fakeForge({
      merge: async () => {
        throw new ForgeError("GitHub refused to merge pull request #7: Head branch was modified.");
      },
    });
    const outcome = await runApproved(fake.forge, plan);
    expect(outcome).toMatchObject({ kind: "failed-run", recordSha: "f".repeat(40) });
    expect(fake.statuses.at(-1)).toContain("could not be merged");
    expect(fake.statuses.at(-1)).toContain("Head branch was modified");
  });
  it("closes the issue after the merge only when the repository asks for it", async () => {
    for (const closeIssueOnMerge of [false, true]) {
      const plan = makePlan([appendEnvStep("s1", "api", `close-${closeIssueOnMerge}`)]);
      const fake = fakeForge();
      const outcome = await runApproved(fake.forge, plan, {
        issue: 3,
        config: RepoConfigSchema.parse({ closeIssueOnMerge }),
      });
      expect(outcome.kind).toBe("merged");
      expect(fake.closedIssues).toEqual(closeIssueOnMerge ? [3] : []);
    }
  });
});
