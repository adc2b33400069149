// Pull requests: create, get, list, update, files, commits, merge (merge, squash, rebase).
import type { Handler, RequestContext } from "../context.ts";
import { conflict, GitHubApiError, notFound, validationFailed } from "../errors.ts";
import { emitPull, pullDiffBase, pullFiles, setBranch, signatureOf } from "../operations.ts";
import { callerLogin, requireRepo } from "../permissions.ts";
import type { Router } from "../router.ts";
import { commitShape, pullShape, repoHtmlUrl, repoUrl } from "../shapes.ts";
import { mergeTrees } from "../state/git-store.ts";
import { type Issue, now, type Pull, type Repo } from "../state/world.ts";
import {
  numberParam,
  oneOf,
  optionalBoolean,
  optionalString,
  paginate,
  requiredString,
} from "../validate.ts";

export function findPull(repo: Repo, number: number): Pull {
  const pull = repo.pulls.get(number);
  if (!pull) throw notFound();
  return pull;
}

function headBranch(repo: Repo, head: string): string {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  const owner = head.slice(0, colon);
  if (owner.toLowerCase() !== repo.owner.login.toLowerCase()) {
    throw validationFailed({
      resource: "PullRequest",
      field: "head",
      code: "invalid",
      message: `head ${head}: pull requests from forks are not emulated; use a branch of ${repo.owner.login}/${repo.name}`,
    });
  }
  return head.slice(colon + 1);
}

/** Merging the PR's head into its base, file by file; undefined when they conflict. */
function mergedFiles(repo: Repo, pull: Pull) {
  const baseSha = repo.refs.get(`refs/heads/${pull.baseRef}`);
  if (!baseSha) return undefined;
  const mergeBase = repo.git.mergeBase(baseSha, pull.headSha);
  if (!mergeBase) return undefined;
  const result = mergeTrees(
    repo.git.filesAt(mergeBase),
    repo.git.filesAt(baseSha),
    repo.git.filesAt(pull.headSha),
  );
  return result.conflicts.length > 0 ? undefined : { baseSha, mergeBase, files: result.files };
}

function fullPullShape(c: RequestContext, repo: Repo, pull: Pull) {
  const issue = repo.issues.get(pull.number) as Issue;
  const open = issue.state === "open";
  const base = pullDiffBase(repo, pull);
  return pullShape(c.world, repo, pull, {
    mergeable: open ? mergedFiles(repo, pull) !== undefined : null,
    commits: repo.git.commitsBetween(base, pull.headSha).length,
    changedFiles: pullFiles(repo, pull).length,
  });
}

const createPull: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const title = requiredString(c.body, "title", "PullRequest");
  const headRef = headBranch(repo, requiredString(c.body, "head", "PullRequest"));
  const baseRef = requiredString(c.body, "base", "PullRequest");
  const body = optionalString(c.body, "body", "PullRequest") ?? null;
  if (body && body.length > 65_536) {
    throw validationFailed({
      resource: "PullRequest",
      field: "body",
      code: "custom",
      message: "body is too long (maximum is 65536 characters)",
    });
  }
  const headSha = repo.refs.get(`refs/heads/${headRef}`);
  const baseSha = repo.refs.get(`refs/heads/${baseRef}`);
  if (!baseSha) throw validationFailed({ resource: "PullRequest", field: "base", code: "invalid" });
  if (!headSha) throw validationFailed({ resource: "PullRequest", field: "head", code: "invalid" });
  for (const other of repo.pulls.values()) {
    if (
      other.headRef === headRef &&
      other.baseRef === baseRef &&
      repo.issues.get(other.number)?.state === "open"
    ) {
      throw validationFailed({
        resource: "PullRequest",
        code: "custom",
        message: `A pull request already exists for ${repo.owner.login}:${headRef}.`,
      });
    }
  }
  if (repo.git.isAncestor(headSha, baseSha)) {
    throw validationFailed({
      resource: "PullRequest",
      code: "custom",
      message: `No commits between ${baseRef} and ${headRef}`,
    });
  }
  const at = now();
  const number = repo.nextNumber++;
  const issue: Issue = {
    number,
    id: c.world.nextId(),
    title,
    body,
    user: login,
    state: "open",
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    isPull: true,
  };
  const pull: Pull = {
    number,
    id: c.world.nextId(),
    headRef,
    headSha,
    baseRef,
    draft: optionalBoolean(c.body, "draft", "PullRequest") ?? false,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    heads: [headSha],
  };
  repo.issues.set(number, issue);
  repo.pulls.set(number, pull);
  emitPull(c, repo, pull, "opened", login);
  return { status: 201, body: fullPullShape(c, repo, pull) };
};

const getPull: Handler = (c) => {
  const repo = requireRepo(c);
  return { status: 200, body: fullPullShape(c, repo, findPull(repo, numberParam(c, "number"))) };
};

const listPulls: Handler = (c) => {
  const repo = requireRepo(c);
  const state = oneOf(c.query.get("state") ?? "open", ["open", "closed", "all"], "PullRequest", "state");
  const head = c.query.get("head");
  const base = c.query.get("base");
  const headRef = head ? (head.includes(":") ? head : `${repo.owner.login}:${head}`) : undefined;
  const direction = c.query.get("direction") === "asc" ? 1 : -1;
  const pulls = [...repo.pulls.values()]
    .filter((p) => state === "all" || repo.issues.get(p.number)?.state === state)
    .filter((p) => !headRef || `${repo.owner.login}:${p.headRef}`.toLowerCase() === headRef.toLowerCase())
    .filter((p) => !base || p.baseRef === base)
    .sort((a, b) => direction * (a.number - b.number))
    .map((p) => pullShape(c.world, repo, p));
  return paginate(c, pulls);
};

const updatePull: Handler = (c) => {
  const repo = requireRepo(c);
  const login = callerLogin(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const issue = repo.issues.get(pull.number) as Issue;
  if (issue.user.toLowerCase() !== login.toLowerCase()) requireRepo(c, "write");
  const title = optionalString(c.body, "title", "PullRequest");
  const body = optionalString(c.body, "body", "PullRequest");
  const state = oneOf(
    optionalString(c.body, "state", "PullRequest"),
    ["open", "closed"],
    "PullRequest",
    "state",
  );
  const base = optionalString(c.body, "base", "PullRequest");
  if (body && body.length > 65_536) {
    throw validationFailed({
      resource: "PullRequest",
      field: "body",
      code: "custom",
      message: "body is too long (maximum is 65536 characters)",
    });
  }
  if (base !== undefined && !repo.refs.has(`refs/heads/${base}`)) {
    throw validationFailed({
      resource: "PullRequest",
      field: "base",
      code: "invalid",
      message: `Proposed base branch '${base}' was not found`,
    });
  }
  if (state === "open" && pull.merged)
    throw validationFailed({
      resource: "PullRequest",
      field: "state",
      code: "invalid",
      message: "state cannot be changed. The pull request has been merged.",
    });
  const changes: Record<string, unknown> = {};
  if (title !== undefined && title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = title;
  }
  if (body !== undefined && body !== issue.body) {
    changes.body = { from: issue.body };
    issue.body = body;
  }
  if (base !== undefined && base !== pull.baseRef) {
    changes.base = { ref: { from: pull.baseRef } };
    pull.baseRef = base;
  }
  const was = issue.state;
  if (state) {
    issue.state = state;
    issue.closedAt = state === "closed" ? (issue.closedAt ?? now()) : null;
  }
  issue.updatedAt = now();
  if (Object.keys(changes).length > 0) emitPull(c, repo, pull, "edited", login, { changes });
  if (state && state !== was) emitPull(c, repo, pull, state === "closed" ? "closed" : "reopened", login);
  return { status: 200, body: fullPullShape(c, repo, pull) };
};

const listFiles: Handler = (c) => {
  const repo = requireRepo(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const html = repoHtmlUrl(c.world, repo);
  const files = pullFiles(repo, pull).map((f) => ({
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
    blob_url: `${html}/blob/${pull.headSha}/${f.filename}`,
    raw_url: `${html}/raw/${pull.headSha}/${f.filename}`,
    contents_url: `${repoUrl(c.world, repo)}/contents/${f.filename}?ref=${pull.headSha}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
  }));
  return paginate(c, files);
};

const listCommits: Handler = (c) => {
  const repo = requireRepo(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const shas = repo.git.commitsBetween(pullDiffBase(repo, pull), pull.headSha);
  return paginate(
    c,
    shas.map((sha) => {
      const commit = repo.git.commit(sha);
      return {
        sha,
        commit: commit && commitShape(c.world, repo, commit),
        parents: commit?.parents.map((p) => ({ sha: p })),
      };
    }),
  );
};

const checkMerged: Handler = (c) => {
  const repo = requireRepo(c);
  const pull = findPull(repo, numberParam(c, "number"));
  if (!pull.merged) throw notFound();
  return { status: 204 };
};

const notMergeable = () => new GitHubApiError(405, "Pull Request is not mergeable");

const mergePull: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const login = callerLogin(c);
  const pull = findPull(repo, numberParam(c, "number"));
  const issue = repo.issues.get(pull.number) as Issue;
  const method =
    oneOf(
      optionalString(c.body, "merge_method", "PullRequest"),
      ["merge", "squash", "rebase"],
      "PullRequest",
      "merge_method",
    ) ?? "merge";
  if (issue.state !== "open" || pull.merged) throw notMergeable();
  const expected = optionalString(c.body, "sha", "PullRequest");
  if (expected !== undefined && expected !== pull.headSha) {
    throw conflict("Head branch was modified. Review and try the merge again.");
  }
  const merged = mergedFiles(repo, pull);
  if (!merged) throw notMergeable();
  const author = signatureOf(login);
  const title = optionalString(c.body, "commit_title", "PullRequest");
  const message = optionalString(c.body, "commit_message", "PullRequest");
  let sha: string;
  if (method === "rebase") {
    // Replay each commit of the PR onto the base, keeping its message and author.
    sha = merged.baseSha;
    for (const original of repo.git.commitsBetween(merged.mergeBase, pull.headSha)) {
      const commit = repo.git.commit(original);
      if (!commit) continue;
      const parentFiles = commit.parents[0] ? repo.git.filesAt(commit.parents[0]) : new Map();
      const step = mergeTrees(parentFiles, repo.git.filesAt(sha), repo.git.filesAt(original));
      if (step.conflicts.length > 0) throw notMergeable();
      sha = repo.git.writeCommit({
        tree: repo.git.buildTree(step.files),
        parents: [sha],
        message: commit.message,
        author: commit.author,
        committer: author,
      });
    }
  } else {
    const tree = repo.git.buildTree(merged.files);
    const defaultTitle =
      method === "squash"
        ? `${issue.title} (#${pull.number})`
        : `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.headRef}`;
    const defaultMessage = method === "squash" ? "" : issue.title;
    const text = [title ?? defaultTitle, message ?? defaultMessage].filter((s) => s !== "").join("\n\n");
    sha = repo.git.writeCommit({
      tree,
      parents: method === "squash" ? [merged.baseSha] : [merged.baseSha, pull.headSha],
      message: text,
      author,
      committer: author,
    });
  }
  const at = now();
  pull.merged = true;
  pull.mergedAt = at;
  pull.mergedBy = login;
  pull.mergeCommitSha = sha;
  issue.state = "closed";
  issue.closedAt = at;
  issue.updatedAt = at;
  setBranch(c, repo, pull.baseRef, sha, login);
  emitPull(c, repo, pull, "closed", login);
  return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" } };
};

export function registerPullRoutes(router: Router<Handler>): void {
  router
    .add("POST", "/repos/:owner/:repo/pulls", createPull)
    .add("GET", "/repos/:owner/:repo/pulls", listPulls)
    .add("GET", "/repos/:owner/:repo/pulls/:number", getPull)
    .add("PATCH", "/repos/:owner/:repo/pulls/:number", updatePull)
    .add("GET", "/repos/:owner/:repo/pulls/:number/files", listFiles)
    .add("GET", "/repos/:owner/:repo/pulls/:number/commits", listCommits)
    .add("GET", "/repos/:owner/:repo/pulls/:number/merge", checkMerged)
    .add("PUT", "/repos/:owner/:repo/pulls/:number/merge", mergePull);
}
