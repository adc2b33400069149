// A content-addressed git object database. Object ids are real git SHA-1s: sha1("<type> <size>\0<body>")
// with git's tree and commit encodings, so the same content always gets the same id, as on GitHub.
import { createHash } from "node:crypto";

export type FileMode = "100644" | "100755" | "120000";
export type TreeMode = FileMode | "040000";

export interface Signature {
  name: string;
  email: string;
  date: string;
}

export interface TreeEntry {
  name: string;
  mode: TreeMode;
  type: "blob" | "tree";
  sha: string;
}

export type GitObject =
  | { type: "blob"; sha: string; content: Buffer }
  | { type: "tree"; sha: string; entries: TreeEntry[] }
  | {
      type: "commit";
      sha: string;
      tree: string;
      parents: string[];
      message: string;
      author: Signature;
      committer: Signature;
    };

export type CommitObject = Extract<GitObject, { type: "commit" }>;

/** A file in a flattened tree: path → blob. */
export interface FlatEntry {
  sha: string;
  mode: FileMode;
}
export type FlatTree = Map<string, FlatEntry>;

function hashObject(type: string, body: Buffer): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]))
    .digest("hex");
}

// Git orders tree entries by name, comparing a subtree's name as if it ended with "/".
function sortKey(entry: TreeEntry): string {
  return entry.type === "tree" ? `${entry.name}/` : entry.name;
}

function gitTime(iso: string): string {
  return `${Math.floor(Date.parse(iso) / 1000)} +0000`;
}

export class GitStore {
  private readonly objects = new Map<string, GitObject>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha.toLowerCase());
  }

  commit(sha: string): CommitObject | undefined {
    const object = this.get(sha);
    return object?.type === "commit" ? object : undefined;
  }

  writeBlob(content: Buffer): string {
    const sha = hashObject("blob", content);
    if (!this.objects.has(sha)) this.objects.set(sha, { type: "blob", sha, content });
    return sha;
  }

  writeTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) =>
      sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0,
    );
    const body = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([
          Buffer.from(`${e.mode === "040000" ? "40000" : e.mode} ${e.name}\0`),
          Buffer.from(e.sha, "hex"),
        ]),
      ),
    );
    const sha = hashObject("tree", body);
    if (!this.objects.has(sha)) this.objects.set(sha, { type: "tree", sha, entries: sorted });
    return sha;
  }

  writeCommit(c: Omit<CommitObject, "type" | "sha">): string {
    const lines = [
      `tree ${c.tree}`,
      ...c.parents.map((p) => `parent ${p}`),
      `author ${c.author.name} <${c.author.email}> ${gitTime(c.author.date)}`,
      `committer ${c.committer.name} <${c.committer.email}> ${gitTime(c.committer.date)}`,
      "",
      c.message,
    ];
    const sha = hashObject("commit", Buffer.from(lines.join("\n")));
    if (!this.objects.has(sha)) this.objects.set(sha, { type: "commit", sha, ...c });
    return sha;
  }

  /** Every file under a tree, by full path. */
  flatten(treeSha: string, prefix = "", into: FlatTree = new Map()): FlatTree {
    const tree = this.get(treeSha);
    if (tree?.type !== "tree") throw new Error(`git store: ${treeSha} is not a tree`);
    for (const entry of tree.entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.type === "tree") this.flatten(entry.sha, path, into);
      else into.set(path, { sha: entry.sha, mode: entry.mode as FileMode });
    }
    return into;
  }

  /** Writes the nested trees for a set of files and returns the root tree's sha. */
  buildTree(files: FlatTree): string {
    const children = new Map<string, FlatTree>();
    const entries: TreeEntry[] = [];
    for (const [path, file] of files) {
      const slash = path.indexOf("/");
      if (slash < 0) {
        entries.push({ name: path, mode: file.mode, type: "blob", sha: file.sha });
        continue;
      }
      const dir = path.slice(0, slash);
      const sub = children.get(dir) ?? new Map<string, FlatEntry>();
      sub.set(path.slice(slash + 1), file);
      children.set(dir, sub);
    }
    for (const [dir, sub] of children) {
      entries.push({ name: dir, mode: "040000", type: "tree", sha: this.buildTree(sub) });
    }
    return this.writeTree(entries);
  }

  /** The files of a commit. */
  filesAt(commitSha: string): FlatTree {
    const commit = this.commit(commitSha);
    if (!commit) throw new Error(`git store: ${commitSha} is not a commit`);
    return this.flatten(commit.tree);
  }

  /** The commit and all its ancestors. */
  ancestors(commitSha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [commitSha];
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    return seen;
  }

  isAncestor(maybeAncestor: string, of: string): boolean {
    return this.ancestors(of).has(maybeAncestor);
  }

  /** The nearest common ancestor (breadth-first from `b`), or undefined for unrelated histories. */
  mergeBase(a: string, b: string): string | undefined {
    const ofA = this.ancestors(a);
    const queue = [b];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (ofA.has(sha)) return sha;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    return undefined;
  }

  /** Commits reachable from `head` but not from `base`, oldest first (first-parent order). */
  commitsBetween(base: string, head: string): string[] {
    const excluded = this.ancestors(base);
    const result: string[] = [];
    const queue = [head];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift() as string;
      if (excluded.has(sha) || seen.has(sha)) continue;
      seen.add(sha);
      result.push(sha);
      queue.push(...(this.commit(sha)?.parents ?? []));
    }
    return result.reverse();
  }
}

/**
 * File-level three-way merge: a path changed on one side only takes that side; changed on both
 * sides to different content is a conflict (GitHub would try a line merge; we refuse instead).
 */
export function mergeTrees(
  base: FlatTree,
  ours: FlatTree,
  theirs: FlatTree,
): { files: FlatTree; conflicts: string[] } {
  const files: FlatTree = new Map();
  const conflicts: string[] = [];
  const same = (x: FlatEntry | undefined, y: FlatEntry | undefined) =>
    x?.sha === y?.sha && x?.mode === y?.mode;
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const b = base.get(path);
    const o = ours.get(path);
    const t = theirs.get(path);
    let pick: FlatEntry | undefined;
    if (same(o, t) || same(b, t)) pick = o;
    else if (same(b, o)) pick = t;
    else {
      conflicts.push(path);
      continue;
    }
    if (pick) files.set(path, pick);
  }
  return { files, conflicts };
}
