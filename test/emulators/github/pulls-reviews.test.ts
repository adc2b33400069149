// Pull requests and reviews: open, list by head, files with patches, reviews whose line comments are
// checked against the diff at the review's commit, dismissals, and the three merge methods.
import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { failure, putFile, seedRepo } from "./testing.ts";

let emulator: GitHubEmulator;
let olivia: Octokit;
let alice: Octokit;
const repo = { owner: "acme", repo: "shop" };

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  ({ octokit: olivia } = await seedRepo(emulator, "acme", "shop", "olivia"));
  await olivia.rest.repos.addCollaborator({ ...repo, username: "alice", permission: "push" });
  alice = emulator.octokitAs("alice");
  await putFile(
    olivia,
    "acme",
    "shop",
    "app.yaml",
    "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\n",
  );
});

afterAll(async () => {
  await emulator.close();
});

/** A branch off main with some file changes, and a PR for it by `by`. */
async function openPull(branch: string, files: Record<string, string>, by: Octokit = alice) {
  const main = await olivia.rest.git.getRef({ ...repo, ref: "heads/main" });
  await olivia.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: main.data.object.sha });
  for (const [path, text] of Object.entries(files)) await putFile(olivia, "acme", "shop", path, text, branch);
  const { data } = await by.rest.pulls.create({
    ...repo,
    title: `Change ${branch}`,
    head: branch,
    base: "main",
    body: "why",
  });
  return data;
}

describe("pull requests", () => {
  it("opens, gets (with mergeability and counts), lists by state and head, and refuses duplicates", async () => {
    const pull = await openPull("feature-a", { "new.txt": "one\ntwo\n" });
    expect(pull).toMatchObject({
      state: "open",
      merged: false,
      title: "Change feature-a",
      body: "why",
      user: { login: "alice" },
    });
    expect(pull.head).toMatchObject({ ref: "feature-a", label: "acme:feature-a" });
    expect(pull.base.ref).toBe("main");
    const got = await olivia.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(got.data).toMatchObject({
      mergeable: true,
      commits: 1,
      changed_files: 1,
      head: { sha: pull.head.sha },
    });
    const byHead = await olivia.rest.pulls.list({ ...repo, head: "acme:feature-a" });
    expect(byHead.data.map((p) => p.number)).toEqual([pull.number]);
    expect((await olivia.rest.pulls.list({ ...repo, head: "acme:other" })).data).toEqual([]);
    expect((await olivia.rest.pulls.list({ ...repo, state: "closed" })).data).toEqual([]);
    const dup = await failure(
      alice.rest.pulls.create({ ...repo, title: "again", head: "feature-a", base: "main" }),
    );
    expect(dup.status).toBe(422);
    expect(JSON.stringify(dup.errors)).toContain("A pull request already exists for acme:feature-a.");
    expect(
      (await failure(alice.rest.pulls.create({ ...repo, title: "x", head: "nope", base: "main" }))).status,
    ).toBe(422);
    const issue = await olivia.rest.issues.get({ ...repo, issue_number: pull.number });
    expect(issue.data.pull_request).toBeDefined();
  });

  it("lists changed files with GitHub-style patches", async () => {
    const pull = await openPull("feature-b", {
      "app.yaml": "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 60\ng: 7\nh: 8\ni: 9\nj: 10\n",
      "b.txt": "x\n",
    });
    const files = await olivia.rest.pulls.listFiles({ ...repo, pull_number: pull.number });
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ["app.yaml", "modified", 1, 1],
      ["b.txt", "added", 1, 0],
    ]);
    expect(files.data[0]?.patch).toBe(
      "@@ -3,7 +3,7 @@\n c: 3\n d: 4\n e: 5\n-f: 6\n+f: 60\n g: 7\n h: 8\n i: 9",
    );
    expect(files.data[1]?.patch).toBe("@@ -0,0 +1,1 @@\n+x");
  });

  it("updates title, body and state", async () => {
    const pull = await openPull("feature-c", { "c.txt": "c\n" });
    const updated = await alice.rest.pulls.update({
      ...repo,
      pull_number: pull.number,
      title: "New title",
      body: "New body",
    });
    expect(updated.data).toMatchObject({ title: "New title", body: "New body" });
    const closed = await olivia.rest.pulls.update({ ...repo, pull_number: pull.number, state: "closed" });
    expect(closed.data).toMatchObject({ state: "closed", merged: false });
    expect(
      (
        await failure(
          emulator.octokitAs("mallory").rest.pulls.update({ ...repo, pull_number: pull.number, title: "x" }),
        )
      ).status,
    ).toBe(403);
  });
});

describe("reviews", () => {
  it("creates a review with line comments anchored in the diff, at the head or an older commit of the PR", async () => {
    const plan = "apiVersion: skyflo/v1\nkind: Plan\nsteps:\n  - id: scale\n    tool: k8s_scale\n";
    const pull = await openPull("plan-1", { "plan.yaml": plan }, olivia);
    const review = await alice.rest.pulls.createReview({
      ...repo,
      pull_number: pull.number,
      event: "COMMENT",
      body: "Step diffs",
      comments: [
        { path: "plan.yaml", line: 5, start_line: 4, side: "RIGHT", body: "scale diff" },
        { path: "plan.yaml", line: 1, body: "header" },
      ],
    });
    expect(review.status).toBe(200);
    expect(review.data).toMatchObject({
      state: "COMMENTED",
      commit_id: pull.head.sha,
      user: { login: "alice" },
    });
    const comments = await olivia.rest.pulls.listReviewComments({ ...repo, pull_number: pull.number });
    expect(
      comments.data.map((c) => [c.path, c.start_line, c.line, c.body, c.pull_request_review_id]),
    ).toEqual([
      ["plan.yaml", 4, 5, "scale diff", review.data.id],
      ["plan.yaml", null, 1, "header", review.data.id],
    ]);
    expect(comments.data[0]?.diff_hunk).toContain("@@ -0,0 +1,5 @@");

    const first = pull.head.sha;
    await putFile(olivia, "acme", "shop", "plan.yaml", `${plan}    args: {}\n`, "plan-1");
    const onOld = await olivia.rest.pulls.createReview({
      ...repo,
      pull_number: pull.number,
      event: "COMMENT",
      body: "old",
      commit_id: first,
    });
    expect(onOld.data.commit_id).toBe(first);
    const onHead = await olivia.rest.pulls.createReview({
      ...repo,
      pull_number: pull.number,
      event: "COMMENT",
      body: "new",
    });
    expect(onHead.data.commit_id).not.toBe(first);
    const foreign = await failure(
      olivia.rest.pulls.createReview({
        ...repo,
        pull_number: pull.number,
        event: "COMMENT",
        body: "x",
        commit_id: "c".repeat(40),
      }),
    );
    expect(foreign.status).toBe(422);
    // Line 6 exists only from the second commit on: valid at head, not at the first commit.
    await olivia.rest.pulls.createReview({
      ...repo,
      pull_number: pull.number,
      event: "COMMENT",
      comments: [{ path: "plan.yaml", line: 6, body: "args" }],
    });
    const tooEarly = await failure(
      olivia.rest.pulls.createReview({
        ...repo,
        pull_number: pull.number,
        event: "COMMENT",
        commit_id: first,
        comments: [{ path: "plan.yaml", line: 6, body: "args" }],
      }),
    );
    expect(tooEarly.status).toBe(422);
    expect(JSON.stringify(tooEarly.errors)).toContain("must be part of the diff");
  });

  it("rejects comments outside the diff, self-approval, and bodyless change requests", async () => {
    const pull = await openPull("feature-d", {
      "app.yaml": "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 100\n",
    });
    const outside = await failure(
      olivia.rest.pulls.createReview({
        ...repo,
        pull_number: pull.number,
        event: "COMMENT",
        comments: [{ path: "app.yaml", line: 1, body: "x" }],
      }),
    );
    expect(outside.status).toBe(422);
    const unchanged = await failure(
      olivia.rest.pulls.createReview({
        ...repo,
        pull_number: pull.number,
        event: "COMMENT",
        comments: [{ path: "README.md", line: 1, body: "x" }],
      }),
    );
    expect(JSON.stringify(unchanged.errors)).toContain("Path could not be resolved");
    const crossHunk = await failure(
      olivia.rest.pulls.createReview({
        ...repo,
        pull_number: pull.number,
        event: "COMMENT",
        comments: [{ path: "app.yaml", start_line: 2, line: 10, body: "x" }],
      }),
    );
    expect(crossHunk.status).toBe(422);
    const self = await failure(
      alice.rest.pulls.createReview({ ...repo, pull_number: pull.number, event: "APPROVE" }),
    );
    expect(self.errors).toEqual(["Can not approve your own pull request"]);
    const bare = await failure(
      olivia.rest.pulls.createReview({ ...repo, pull_number: pull.number, event: "REQUEST_CHANGES" }),
    );
    expect(bare.status).toBe(422);
  });

  it("lists reviews and dismisses approvals; pending reviews are submitted later", async () => {
    const pull = await openPull("feature-e", { "e.txt": "e\n" });
    const approval = await olivia.rest.pulls.createReview({
      ...repo,
      pull_number: pull.number,
      event: "APPROVE",
    });
    expect(approval.data.state).toBe("APPROVED");
    const pending = await emulator
      .octokitAs("ada")
      .rest.pulls.createReview({ ...repo, pull_number: pull.number, body: "thinking" });
    expect(pending.data.state).toBe("PENDING");
    expect(
      (await olivia.rest.pulls.listReviews({ ...repo, pull_number: pull.number })).data.map((r) => r.state),
    ).toEqual(["APPROVED"]);
    const submitted = await emulator.octokitAs("ada").rest.pulls.submitReview({
      ...repo,
      pull_number: pull.number,
      review_id: pending.data.id,
      event: "REQUEST_CHANGES",
    });
    expect(submitted.data.state).toBe("CHANGES_REQUESTED");
    const dismissed = await olivia.rest.pulls.dismissReview({
      ...repo,
      pull_number: pull.number,
      review_id: approval.data.id,
      message: "stale",
    });
    expect(dismissed.data.state).toBe("DISMISSED");
    expect(
      (await olivia.rest.pulls.listReviews({ ...repo, pull_number: pull.number })).data.map((r) => r.state),
    ).toEqual(["DISMISSED", "CHANGES_REQUESTED"]);
    const again = await failure(
      olivia.rest.pulls.dismissReview({
        ...repo,
        pull_number: pull.number,
        review_id: approval.data.id,
        message: "x",
      }),
    );
    expect(again.status).toBe(422);
    const byOutsider = await failure(
      emulator.octokitAs("mallory").rest.pulls.dismissReview({
        ...repo,
        pull_number: pull.number,
        review_id: submitted.data.id,
        message: "x",
      }),
    );
    expect(byOutsider.status).toBe(403);
  });
});

describe("merging", () => {
  it("squash-merges into one commit on the base, closes the PR and keeps its file list", async () => {
    const pull = await openPull("merge-squash", { "s.txt": "s\n" });
    await putFile(olivia, "acme", "shop", "s2.txt", "s2\n", "merge-squash");
    const head = (await olivia.rest.pulls.get({ ...repo, pull_number: pull.number })).data.head.sha;
    const stale = await failure(
      olivia.rest.pulls.merge({
        ...repo,
        pull_number: pull.number,
        sha: pull.head.sha,
        merge_method: "squash",
      }),
    );
    expect(stale).toMatchObject({
      status: 409,
      message: "Head branch was modified. Review and try the merge again.",
    });
    const merged = await olivia.rest.pulls.merge({
      ...repo,
      pull_number: pull.number,
      sha: head,
      merge_method: "squash",
    });
    expect(merged.data).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    const commit = await olivia.rest.git.getCommit({ ...repo, commit_sha: merged.data.sha });
    expect(commit.data.parents).toHaveLength(1);
    expect(commit.data.message).toBe(`Change merge-squash (#${pull.number})`);
    const main = await olivia.rest.git.getRef({ ...repo, ref: "heads/main" });
    expect(main.data.object.sha).toBe(merged.data.sha);
    const after = await olivia.rest.pulls.get({ ...repo, pull_number: pull.number });
    expect(after.data).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: merged.data.sha,
      merged_by: { login: "olivia" },
    });
    expect(
      (await olivia.rest.pulls.listFiles({ ...repo, pull_number: pull.number })).data.map((f) => f.filename),
    ).toEqual(["s.txt", "s2.txt"]);
    expect((await olivia.rest.pulls.checkIfMerged({ ...repo, pull_number: pull.number })).status).toBe(204);
    expect((await failure(olivia.rest.pulls.merge({ ...repo, pull_number: pull.number }))).status).toBe(405);
  });

  it("merge commits have two parents; rebase replays each commit", async () => {
    const a = await openPull("merge-commit", { "m.txt": "m\n" });
    const mergeCommit = await olivia.rest.pulls.merge({
      ...repo,
      pull_number: a.number,
      merge_method: "merge",
    });
    const m = await olivia.rest.git.getCommit({ ...repo, commit_sha: mergeCommit.data.sha });
    expect(m.data.parents.map((p) => p.sha)[1]).toBe(a.head.sha);
    const b = await openPull("merge-rebase", { "r1.txt": "1\n", "r2.txt": "2\n" });
    const rebased = await olivia.rest.pulls.merge({ ...repo, pull_number: b.number, merge_method: "rebase" });
    const tip = await olivia.rest.git.getCommit({ ...repo, commit_sha: rebased.data.sha });
    expect(tip.data.message).toBe("write r2.txt");
    const parent = await olivia.rest.git.getCommit({
      ...repo,
      commit_sha: tip.data.parents[0]?.sha as string,
    });
    expect(parent.data.message).toBe("write r1.txt");
    expect(parent.data.parents[0]?.sha).toBe(mergeCommit.data.sha);
  });

  it("answers 405 for conflicting changes and refuses people without write access", async () => {
    const pull = await openPull("conflict", { "app.yaml": "changed on the branch\n" });
    await putFile(olivia, "acme", "shop", "app.yaml", "changed on main\n");
    expect((await olivia.rest.pulls.get({ ...repo, pull_number: pull.number })).data.mergeable).toBe(false);
    expect(await failure(olivia.rest.pulls.merge({ ...repo, pull_number: pull.number }))).toMatchObject({
      status: 405,
      message: "Pull Request is not mergeable",
    });
    expect(
      (await failure(emulator.octokitAs("mallory").rest.pulls.merge({ ...repo, pull_number: pull.number })))
        .status,
    ).toBe(403);
  });
});
