// Repository operations shared by several route groups: moving a branch (a push, which is a
// pull_request synchronize for the PRs whose head it is), committing files, resolving refs and
// computing a pull request's changed files.
import { structuredPatch } from "diff";
import type { RequestContext } from "./context.ts";
import { pullShape } from "./shapes.ts";
import type { FlatTree, Signature } from "./state/git-store.ts";
import { now, type Pull, type Repo } from "./state/world.ts";

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  text: string;
}

export interface FileChange {
  filename: string;
  status: "added" | "removed" | "modified";
  sha: string | null;
  additions: number;
  deletions: number;
  changes: number;
  patch?: string;
  hunks: Hunk[];
}

type Emitter = Pick<RequestContext, "world" | "emit">;

/** A commit sha, full ref ("refs/heads/x"), "heads/x", branch or tag name → commit sha. */
export function resolveRef(repo: Repo, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/i.test(ref) && repo.git.commit(ref)) return ref.toLowerCase();
  const candidates = ref.startsWith("refs/")
    ? [ref]
    : [`refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`];
  for (const candidate of candidates) {
    const sha = repo.refs.get(candidate);
    if (sha) return sha;
  }
  if (/^[0-9a-f]{7,39}$/i.test(ref)) {
    // Abbreviated shas, as GitHub accepts them.
    for (const sha of repo.refs.values()) if (sha.startsWith(ref.toLowerCase())) return sha;
  }
  return undefined;
}

export function signatureOf(login: string, given?: unknown): Signature {
  const g = (typeof given === "object" && given !== null ? given : {}) as Record<string, unknown>;
  return {
    name: typeof g.name === "string" ? g.name : login,
    email: typeof g.email === "string" ? g.email : `${login.replace(/\[bot\]$/, "")}@users.noreply.emulator`,
    date: typeof g.date === "string" ? g.date : now(),
  };
}

/** Moves (or creates) a branch; open PRs whose head it is get their head moved and a synchronize. */
export function setBranch(c: Emitter, repo: Repo, branch: string, sha: string, sender: string): void {
  const ref = `refs/heads/${branch}`;
  repo.refs.set(ref, sha);
  for (const pull of repo.pulls.values()) {
    const issue = repo.issues.get(pull.number);
    if (pull.headRef !== branch || issue?.state !== "open" || pull.headSha === sha) continue;
    const before = pull.headSha;
    pull.headSha = sha;
    pull.heads.push(sha);
    issue.updatedAt = now();
    c.emit({
      repo,
      event: "pull_request",
      action: "synchronize",
      sender,
      payload: { number: pull.number, before, after: sha, pull_request: pullShape(c.world, repo, pull) },
    });
  }
}

/** Commits a whole file set on top of a branch (or as its first commit) and moves the branch. */
export function commitFiles(
  c: Emitter,
  repo: Repo,
  branch: string,
  files: FlatTree,
  message: string,
  author: Signature,
  sender: string,
): string {
  const parent = repo.refs.get(`refs/heads/${branch}`);
  const tree = repo.git.buildTree(files);
  const sha = repo.git.writeCommit({
    tree,
    parents: parent ? [parent] : [],
    message,
    author,
    committer: author,
  });
  setBranch(c, repo, branch, sha, sender);
  return sha;
}

function blobText(repo: Repo, sha: string | undefined): string | undefined {
  if (!sha) return "";
  const object = repo.git.get(sha);
  if (object?.type !== "blob") return "";
  if (object.content.includes(0)) return undefined; // binary: no patch, as on GitHub
  return object.content.toString("utf8");
}

/** The files a change from `fromSha` to `toSha` touches, with GitHub-style patches. */
export function changedFiles(repo: Repo, fromSha: string, toSha: string): FileChange[] {
  const before = repo.git.filesAt(fromSha);
  const after = repo.git.filesAt(toSha);
  const changes: FileChange[] = [];
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    const old = before.get(path);
    const next = after.get(path);
    if (old?.sha === next?.sha && old?.mode === next?.mode) continue;
    const oldText = blobText(repo, old?.sha);
    const newText = blobText(repo, next?.sha);
    const status = !old ? "added" : !next ? "removed" : "modified";
    if (oldText === undefined || newText === undefined) {
      changes.push({
        filename: path,
        status,
        sha: next?.sha ?? null,
        additions: 0,
        deletions: 0,
        changes: 0,
        hunks: [],
      });
      continue;
    }
    const patch = structuredPatch(path, path, oldText, newText, undefined, undefined, { context: 3 });
    const hunks: Hunk[] = patch.hunks.map((h) => {
      const oldStart = h.oldLines === 0 ? 0 : h.oldStart;
      const newStart = h.newLines === 0 ? 0 : h.newStart;
      return {
        oldStart,
        oldLines: h.oldLines,
        newStart,
        newLines: h.newLines,
        text: [`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`, ...h.lines].join("\n"),
      };
    });
    const lines = patch.hunks.flatMap((h) => h.lines);
    const additions = lines.filter((l) => l.startsWith("+")).length;
    const deletions = lines.filter((l) => l.startsWith("-")).length;
    changes.push({
      filename: path,
      status,
      sha: next?.sha ?? null,
      additions,
      deletions,
      changes: additions + deletions,
      patch: hunks.map((h) => h.text).join("\n"),
      hunks,
    });
  }
  return changes;
}

/** Where a PR's diff starts: the merge base of its base branch and `head` (default: its head). */
export function pullDiffBase(repo: Repo, pull: Pull, head = pull.headSha): string {
  if (pull.merged && pull.mergeCommitSha) {
    const parent = repo.git.commit(pull.mergeCommitSha)?.parents[0];
    if (parent) return repo.git.mergeBase(parent, head) ?? parent;
  }
  const baseSha = repo.refs.get(`refs/heads/${pull.baseRef}`);
  return (baseSha && repo.git.mergeBase(baseSha, head)) || head;
}

export function pullFiles(repo: Repo, pull: Pull, head = pull.headSha): FileChange[] {
  return changedFiles(repo, pullDiffBase(repo, pull, head), head);
}

export function emitPull(
  c: Emitter,
  repo: Repo,
  pull: Pull,
  action: string,
  sender: string,
  extra: Record<string, unknown> = {},
): void {
  c.emit({
    repo,
    event: "pull_request",
    action,
    sender,
    payload: { number: pull.number, ...extra, pull_request: pullShape(c.world, repo, pull) },
  });
}
