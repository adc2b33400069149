// The Git data API as the app uses it to make a one-commit branch: blob → tree (inline content,
// base_tree) → commit → ref; object ids are real git SHA-1s; refs fast-forward unless forced.
import { createHash } from "node:crypto";
import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubEmulator, startGitHubEmulator } from "./index.ts";
import { failure, seedRepo } from "./testing.ts";

let emulator: GitHubEmulator;
let octokit: Octokit;
const repo = { owner: "acme", repo: "infra" };

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  ({ octokit } = await seedRepo(emulator, "acme", "infra", "olivia"));
});

afterAll(async () => {
  await emulator.close();
});

function gitHash(type: string, body: Buffer): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest("hex");
}

describe("objects", () => {
  it("stores blobs under git's own object ids, in utf-8 or base64", async () => {
    const blob = await octokit.rest.git.createBlob({ ...repo, content: "hello\n" });
    expect(blob.status).toBe(201);
    expect(blob.data.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a"); // `git hash-object` of "hello\n"
    const binary = await octokit.rest.git.createBlob({
      ...repo,
      content: Buffer.from([0, 1, 2]).toString("base64"),
      encoding: "base64",
    });
    expect(binary.data.sha).toBe(gitHash("blob", Buffer.from([0, 1, 2])));
    const read = await octokit.rest.git.getBlob({ ...repo, file_sha: blob.data.sha });
    expect(Buffer.from(read.data.content, "base64").toString()).toBe("hello\n");
    expect(read.data.size).toBe(6);
    expect((await failure(octokit.rest.git.getBlob({ ...repo, file_sha: "f".repeat(40) }))).status).toBe(404);
  });

  it("builds trees from inline content on a base tree, deletes by sha: null, and reads them recursively", async () => {
    const main = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    const head = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.data.object.sha });
    const tree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: head.data.tree.sha,
      tree: [
        { path: ".skyflo/plans/42-scale-web.yaml", mode: "100644", type: "blob", content: "kind: Plan\n" },
        { path: "docs/a.md", mode: "100644", type: "blob", content: "a\n" },
      ],
    });
    expect(tree.status).toBe(201);
    expect(tree.data.tree.map((e) => [e.path, e.type])).toEqual([
      [".skyflo", "tree"],
      ["README.md", "blob"],
      ["docs", "tree"],
    ]);
    const recursive = await octokit.rest.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: "1" });
    expect(recursive.data.tree.map((e) => e.path)).toEqual([
      ".skyflo",
      ".skyflo/plans",
      ".skyflo/plans/42-scale-web.yaml",
      "README.md",
      "docs",
      "docs/a.md",
    ]);
    const pruned = await octokit.rest.git.createTree({
      ...repo,
      base_tree: tree.data.sha,
      tree: [{ path: "docs/a.md", mode: "100644", type: "blob", sha: null }],
    });
    expect(pruned.data.tree.map((e) => e.path)).toEqual([".skyflo", "README.md"]);
    // Same content, same id: trees are content-addressed too.
    const again = await octokit.rest.git.createTree({
      ...repo,
      base_tree: head.data.tree.sha,
      tree: [
        { path: ".skyflo/plans/42-scale-web.yaml", mode: "100644", type: "blob", content: "kind: Plan\n" },
      ],
    });
    expect(again.data.sha).toBe(pruned.data.sha);
    const bad = await failure(
      octokit.rest.git.createTree({
        ...repo,
        tree: [{ path: "../x", mode: "100644", type: "blob", content: "x" }],
      }),
    );
    expect(bad.status).toBe(422);
    expect(bad.message).toContain("tree[0].path");
  });
});

describe("commits and refs", () => {
  it("makes a one-commit branch: commit on main's head, create ref, read it back", async () => {
    const main = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    const base = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.data.object.sha });
    const tree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [{ path: "plan.yaml", mode: "100644", type: "blob", content: "steps: []\n" }],
    });
    const commit = await octokit.rest.git.createCommit({
      ...repo,
      message: "Plan 42",
      tree: tree.data.sha,
      parents: [main.data.object.sha],
    });
    expect(commit.status).toBe(201);
    expect(commit.data).toMatchObject({
      message: "Plan 42",
      tree: { sha: tree.data.sha },
      parents: [{ sha: main.data.object.sha }],
    });
    expect(commit.data.author.name).toBe("olivia");
    const ref = await octokit.rest.git.createRef({
      ...repo,
      ref: "refs/heads/skyflo/42-plan",
      sha: commit.data.sha,
    });
    expect(ref.status).toBe(201);
    expect(ref.data).toMatchObject({
      ref: "refs/heads/skyflo/42-plan",
      object: { sha: commit.data.sha, type: "commit" },
    });
    const got = await octokit.rest.git.getRef({ ...repo, ref: "heads/skyflo/42-plan" });
    expect(got.data.object.sha).toBe(commit.data.sha);
    const file = await octokit.rest.repos.getContent({ ...repo, path: "plan.yaml", ref: "skyflo/42-plan" });
    expect(Array.isArray(file.data)).toBe(false);
    const dup = await failure(
      octokit.rest.git.createRef({ ...repo, ref: "refs/heads/skyflo/42-plan", sha: commit.data.sha }),
    );
    expect(dup).toMatchObject({ status: 422, message: "Reference already exists" });
    const badRef = await failure(
      octokit.rest.git.createRef({ ...repo, ref: "skyflo", sha: commit.data.sha }),
    );
    expect(badRef.status).toBe(422);
    const noObject = await failure(
      octokit.rest.git.createRef({ ...repo, ref: "refs/heads/x", sha: "a".repeat(40) }),
    );
    expect(noObject).toMatchObject({ status: 422, message: "Object does not exist" });
    // The legacy /git/refs/{prefix} lists what lies under a prefix.
    const under = await octokit.request("GET /repos/{owner}/{repo}/git/refs/{ref}", {
      ...repo,
      ref: "heads/skyflo",
    });
    expect((under.data as unknown as { ref: string }[]).map((r) => r.ref)).toEqual([
      "refs/heads/skyflo/42-plan",
    ]);
    const matching = await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/main", "refs/heads/skyflo/42-plan"]);
    expect((await failure(octokit.rest.git.getRef({ ...repo, ref: "heads/skyflo" }))).status).toBe(404);
  });

  it("moves refs only forward unless forced, and deletes them", async () => {
    const main = (await octokit.rest.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const base = await octokit.rest.git.getCommit({ ...repo, commit_sha: main });
    const sideTree = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [{ path: "side.txt", mode: "100644", type: "blob", content: "side\n" }],
    });
    const side = await octokit.rest.git.createCommit({
      ...repo,
      message: "side",
      tree: sideTree.data.sha,
      parents: [main],
    });
    await octokit.rest.git.createRef({ ...repo, ref: "refs/heads/work", sha: side.data.sha });
    const rewind = await failure(octokit.rest.git.updateRef({ ...repo, ref: "heads/work", sha: main }));
    expect(rewind).toMatchObject({ status: 422, message: "Update is not a fast forward" });
    const forced = await octokit.rest.git.updateRef({ ...repo, ref: "heads/work", sha: main, force: true });
    expect(forced.data.object.sha).toBe(main);
    const forward = await octokit.rest.git.updateRef({ ...repo, ref: "heads/work", sha: side.data.sha });
    expect(forward.data.object.sha).toBe(side.data.sha);
    expect((await octokit.rest.git.deleteRef({ ...repo, ref: "heads/work" })).status).toBe(204);
    expect((await failure(octokit.rest.git.deleteRef({ ...repo, ref: "heads/work" }))).status).toBe(422);
    const parentMissing = await failure(
      octokit.rest.git.createCommit({
        ...repo,
        message: "m",
        tree: sideTree.data.sha,
        parents: ["b".repeat(40)],
      }),
    );
    expect(parentMissing.status).toBe(422);
  });
});
