// The object store hashes exactly as git does (ids checked against `git mktree` / `git commit-tree`),
// and the file-level three-way merge takes one-sided changes and refuses two-sided ones.
import { describe, expect, it } from "vitest";
import { type FlatTree, GitStore, mergeTrees } from "./git-store.ts";

describe("GitStore", () => {
  it("produces git's blob, tree and commit ids (subtree ordering included)", () => {
    const git = new GitStore();
    const hello = git.writeBlob(Buffer.from("hello\n"));
    const x = git.writeBlob(Buffer.from("x\n"));
    expect([hello, x]).toEqual([
      "ce013625030ba8dba906f756967f9e9ca394464a",
      "587be6b4c3f93f93c489c0111bba5596147a26cb",
    ]);
    const tree = git.buildTree(
      new Map([
        ["README.md", { sha: hello, mode: "100644" }],
        ["k8s/web.yaml", { sha: x, mode: "100644" }],
        ["k8s-x", { sha: x, mode: "100755" }],
      ]) as FlatTree,
    );
    expect(tree).toBe("e2b45abbadb31f7e29d06490887ed7f22021a48f");
    const who = { name: "A", email: "a@x", date: "2020-01-01T00:00:00Z" };
    const commit = git.writeCommit({ tree, parents: [], message: "m\n", author: who, committer: who });
    expect(commit).toBe("93133ca5eb787049ed61be4e304d9ed07b666eef");
    expect([...git.filesAt(commit).keys()].sort()).toEqual(["README.md", "k8s-x", "k8s/web.yaml"]);
  });

  it("finds merge bases and the commits between two points", () => {
    const git = new GitStore();
    const who = { name: "A", email: "a@x", date: "2020-01-01T00:00:00Z" };
    const tree = git.buildTree(new Map());
    const root = git.writeCommit({ tree, parents: [], message: "root", author: who, committer: who });
    const left = git.writeCommit({ tree, parents: [root], message: "left", author: who, committer: who });
    const right1 = git.writeCommit({ tree, parents: [root], message: "right1", author: who, committer: who });
    const right2 = git.writeCommit({
      tree,
      parents: [right1],
      message: "right2",
      author: who,
      committer: who,
    });
    expect(git.mergeBase(left, right2)).toBe(root);
    expect(git.commitsBetween(root, right2)).toEqual([right1, right2]);
    expect(git.isAncestor(root, left)).toBe(true);
    expect(git.isAncestor(left, right2)).toBe(false);
  });
});

describe("mergeTrees", () => {
  const file = (sha: string) => ({ sha, mode: "100644" as const });
  it("takes each side's own changes and reports paths both sides changed differently", () => {
    const base: FlatTree = new Map([
      ["a", file("1")],
      ["b", file("1")],
      ["c", file("1")],
    ]);
    const ours: FlatTree = new Map([
      ["a", file("2")],
      ["b", file("1")],
      ["c", file("3")],
    ]);
    const theirs: FlatTree = new Map([
      ["a", file("1")],
      ["c", file("4")],
      ["d", file("5")],
    ]);
    const { files, conflicts } = mergeTrees(base, ours, theirs);
    expect(Object.fromEntries([...files].map(([p, f]) => [p, f.sha]))).toEqual({ a: "2", d: "5" });
    expect(conflicts).toEqual(["c"]);
  });
});
