// The Git data API: blobs, trees (with base_tree, inline content, deletions by sha: null),
// commits and refs (fast-forward unless force; moving a PR's head branch is a push → synchronize).
import type { Handler, RequestContext } from "../context.ts";
import { missingField, notFound, unprocessable, validationFailed } from "../errors.ts";
import { setBranch, signatureOf } from "../operations.ts";
import { callerLogin, requireRepo } from "../permissions.ts";
import type { Router } from "../router.ts";
import { commitShape, repoUrl, treeEntryShape } from "../shapes.ts";
import type { FileMode, FlatTree } from "../state/git-store.ts";
import type { Repo } from "../state/world.ts";
import { optionalBoolean, optionalString, requiredString } from "../validate.ts";

const shaPattern = /^[0-9a-f]{40}$/i;

function refShape(c: RequestContext, repo: Repo, ref: string, sha: string) {
  const base = repoUrl(c.world, repo);
  return {
    ref,
    node_id: Buffer.from(`Ref:${repo.id}:${ref}`).toString("base64url"),
    url: `${base}/git/${ref}`,
    object: { sha, type: "commit", url: `${base}/git/commits/${sha}` },
  };
}

/** "heads/main" or "refs/heads/main" → "refs/heads/main". */
function fullRef(ref: string): string {
  return ref.startsWith("refs/") ? ref : `refs/${ref}`;
}

const getRef: Handler = (c) => {
  const repo = requireRepo(c);
  const ref = fullRef(c.params.ref ?? "");
  const sha = repo.refs.get(ref);
  if (!sha) throw notFound();
  return { status: 200, body: refShape(c, repo, ref, sha) };
};

function matching(repo: Repo, prefix: string): [string, string][] {
  return [...repo.refs.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

// The legacy /git/refs/{ref}: the ref itself when it exists exactly, else every ref under it.
const getRefs: Handler = (c) => {
  const repo = requireRepo(c);
  const ref = fullRef(c.params.ref ?? "");
  const exact = repo.refs.get(ref);
  if (exact) return { status: 200, body: refShape(c, repo, ref, exact) };
  const found = matching(repo, ref.endsWith("/") ? ref : `${ref}/`);
  if (found.length === 0) throw notFound();
  return { status: 200, body: found.map(([name, sha]) => refShape(c, repo, name, sha)) };
};

const listRefs: Handler = (c) => {
  const repo = requireRepo(c);
  return { status: 200, body: matching(repo, "refs/").map(([name, sha]) => refShape(c, repo, name, sha)) };
};

const matchingRefs: Handler = (c) => {
  const repo = requireRepo(c);
  const found = matching(repo, fullRef(c.params.ref ?? ""));
  return { status: 200, body: found.map(([name, sha]) => refShape(c, repo, name, sha)) };
};

/** Moves or creates a ref; branches go through setBranch so PR heads follow (synchronize). */
function writeRef(c: RequestContext, repo: Repo, ref: string, sha: string, sender: string): void {
  if (ref.startsWith("refs/heads/")) setBranch(c, repo, ref.slice("refs/heads/".length), sha, sender);
  else repo.refs.set(ref, sha);
}

const createRef: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const login = callerLogin(c);
  const ref = requiredString(c.body, "ref", "Reference");
  const sha = requiredString(c.body, "sha", "Reference");
  if (!/^refs\/[^/]+\/.+/.test(ref) || /\.\.|\s|~|\^|:|\\|\/\/|\/$|\.lock$/.test(ref)) {
    throw unprocessable(
      `${ref} is not a valid ref name: it must look like refs/heads/<branch> or refs/tags/<tag>`,
    );
  }
  if (repo.refs.has(ref)) throw unprocessable("Reference already exists");
  if (!repo.git.commit(sha)) throw unprocessable("Object does not exist");
  writeRef(c, repo, ref, sha.toLowerCase(), login);
  return { status: 201, body: refShape(c, repo, ref, sha.toLowerCase()) };
};

const updateRef: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const login = callerLogin(c);
  const ref = fullRef(c.params.ref ?? "");
  const sha = requiredString(c.body, "sha", "Reference");
  const force = optionalBoolean(c.body, "force", "Reference") ?? false;
  const current = repo.refs.get(ref);
  if (!current) throw unprocessable("Reference does not exist");
  if (!repo.git.commit(sha)) throw unprocessable("Object does not exist");
  if (!force && !repo.git.isAncestor(current, sha)) throw unprocessable("Update is not a fast forward");
  writeRef(c, repo, ref, sha.toLowerCase(), login);
  return { status: 200, body: refShape(c, repo, ref, sha.toLowerCase()) };
};

const deleteRef: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const ref = fullRef(c.params.ref ?? "");
  if (!repo.refs.has(ref)) throw unprocessable("Reference does not exist");
  if (ref === `refs/heads/${repo.defaultBranch}`) throw unprocessable("Cannot delete the default branch");
  repo.refs.delete(ref);
  return { status: 204 };
};

const createBlob: Handler = (c) => {
  const repo = requireRepo(c, "write");
  if (typeof c.body.content !== "string") throw missingField("Blob", "content");
  const encoding = optionalString(c.body, "encoding", "Blob") ?? "utf-8";
  if (encoding !== "utf-8" && encoding !== "base64") {
    throw validationFailed({
      resource: "Blob",
      field: "encoding",
      code: "invalid",
      message: `encoding must be utf-8 or base64, got "${encoding}"`,
    });
  }
  const sha = repo.git.writeBlob(Buffer.from(c.body.content, encoding === "base64" ? "base64" : "utf8"));
  return { status: 201, body: { sha, url: `${repoUrl(c.world, repo)}/git/blobs/${sha}` } };
};

const getBlob: Handler = (c) => {
  const repo = requireRepo(c);
  const object = repo.git.get(c.params.sha ?? "");
  if (object?.type !== "blob") throw notFound();
  return {
    status: 200,
    body: {
      sha: object.sha,
      node_id: Buffer.from(`Blob:${object.sha}`).toString("base64url"),
      size: object.content.length,
      url: `${repoUrl(c.world, repo)}/git/blobs/${object.sha}`,
      content: `${object.content.toString("base64").replace(/.{60}/g, "$&\n")}\n`,
      encoding: "base64",
    },
  };
};

const fileModes = new Set(["100644", "100755", "120000"]);

const createTree: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const entries = c.body.tree;
  if (!Array.isArray(entries)) throw missingField("Tree", "tree");
  const baseTree = optionalString(c.body, "base_tree", "Tree");
  let files: FlatTree = new Map();
  if (baseTree) {
    const object = repo.git.get(baseTree);
    if (object?.type !== "tree")
      throw unprocessable(`base_tree ${baseTree} is not a tree in ${repo.owner.login}/${repo.name}`);
    files = repo.git.flatten(baseTree);
  }
  entries.forEach((raw: unknown, index: number) => {
    const where = `tree[${index}]`;
    if (typeof raw !== "object" || raw === null) throw unprocessable(`${where} must be an object`);
    const entry = raw as Record<string, unknown>;
    const path = typeof entry.path === "string" ? entry.path.replace(/^\/+|\/+$/g, "") : "";
    if (!path || path.split("/").some((p) => p === "" || p === "." || p === "..")) {
      throw unprocessable(
        `${where}.path must be a relative path such as "dir/file.txt", got ${JSON.stringify(entry.path)}`,
      );
    }
    const mode = String(entry.mode ?? "100644");
    const type = String(entry.type ?? (mode === "040000" ? "tree" : "blob"));
    // A null sha deletes the path (and everything under it).
    if (entry.sha === null && entry.content === undefined) {
      for (const existing of [...files.keys()]) {
        if (existing === path || existing.startsWith(`${path}/`)) files.delete(existing);
      }
      return;
    }
    if (type === "tree") {
      const sha = String(entry.sha ?? "");
      if (repo.git.get(sha)?.type !== "tree") throw unprocessable(`${where}.sha ${sha} is not a tree`);
      for (const existing of [...files.keys()]) if (existing.startsWith(`${path}/`)) files.delete(existing);
      for (const [sub, file] of repo.git.flatten(sha)) files.set(`${path}/${sub}`, file);
      return;
    }
    if (type !== "blob")
      throw unprocessable(`${where}.type must be blob or tree (submodules are not emulated), got "${type}"`);
    if (!fileModes.has(mode))
      throw unprocessable(`${where}.mode must be 100644, 100755, 120000 or 040000, got "${mode}"`);
    let sha: string;
    if (typeof entry.content === "string") {
      if (entry.sha !== undefined && entry.sha !== null)
        throw unprocessable(`${where}: give either sha or content, not both`);
      sha = repo.git.writeBlob(Buffer.from(entry.content, "utf8"));
    } else if (typeof entry.sha === "string" && shaPattern.test(entry.sha)) {
      if (repo.git.get(entry.sha)?.type !== "blob")
        throw unprocessable(`${where}.sha ${entry.sha} is not a blob in this repository`);
      sha = entry.sha.toLowerCase();
    } else {
      throw unprocessable(`${where} needs content (a string) or sha (a 40-hex blob sha)`);
    }
    for (const existing of files.keys()) {
      if (existing.startsWith(`${path}/`))
        throw unprocessable(`${where}.path ${path} is a directory in base_tree`);
    }
    files.set(path, { sha, mode: mode as FileMode });
  });
  const sha = repo.git.buildTree(files);
  return { status: 201, body: treeShape(c, repo, sha, false) };
};

function treeShape(c: RequestContext, repo: Repo, sha: string, recursive: boolean) {
  const object = repo.git.get(sha);
  if (object?.type !== "tree") throw notFound();
  const walk = (treeSha: string, prefix: string): Record<string, unknown>[] => {
    const tree = repo.git.get(treeSha);
    if (tree?.type !== "tree") return [];
    return tree.entries.flatMap((e) => {
      const path = prefix ? `${prefix}/${e.name}` : e.name;
      const own = treeEntryShape(c.world, repo, { ...e, path });
      return recursive && e.type === "tree" ? [own, ...walk(e.sha, path)] : [own];
    });
  };
  return { sha, url: `${repoUrl(c.world, repo)}/git/trees/${sha}`, tree: walk(sha, ""), truncated: false };
}

const getTree: Handler = (c) => {
  const repo = requireRepo(c);
  const raw = c.params.sha ?? "";
  // GitHub also accepts a commit or branch here and uses its tree.
  const commitSha =
    shaPattern.test(raw) && repo.git.get(raw)?.type === "tree" ? undefined : resolveCommit(repo, raw);
  const sha = commitSha ? (repo.git.commit(commitSha)?.tree ?? raw) : raw;
  const recursive = ["1", "true"].includes(c.query.get("recursive") ?? "");
  return { status: 200, body: treeShape(c, repo, sha, recursive) };
};

function resolveCommit(repo: Repo, ref: string): string | undefined {
  if (repo.git.commit(ref)) return ref;
  return repo.refs.get(`refs/heads/${ref}`);
}

const createCommit: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const login = callerLogin(c);
  const message = requiredString(c.body, "message", "Commit");
  const tree = requiredString(c.body, "tree", "Commit");
  if (repo.git.get(tree)?.type !== "tree") throw unprocessable(`Tree SHA does not exist: ${tree}`);
  const parentsRaw = c.body.parents ?? [];
  if (!Array.isArray(parentsRaw)) throw unprocessable("parents must be an array of commit shas");
  const parents = parentsRaw.map((p) => {
    if (typeof p !== "string" || !repo.git.commit(p))
      throw unprocessable(`Parent SHA does not exist or is not a commit object: ${String(p)}`);
    return p.toLowerCase();
  });
  const author = signatureOf(login, c.body.author);
  const committer = signatureOf(login, c.body.committer ?? c.body.author);
  const sha = repo.git.writeCommit({ tree, parents, message, author, committer });
  const commit = repo.git.commit(sha);
  return { status: 201, body: commit && commitShape(c.world, repo, commit) };
};

const getCommit: Handler = (c) => {
  const repo = requireRepo(c);
  const commit = repo.git.commit(c.params.sha ?? "");
  if (!commit) throw notFound();
  return { status: 200, body: commitShape(c.world, repo, commit) };
};

export function registerGitRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/repos/:owner/:repo/git/ref/*ref", getRef)
    .add("GET", "/repos/:owner/:repo/git/refs", listRefs)
    .add("GET", "/repos/:owner/:repo/git/refs/*ref", getRefs)
    .add("GET", "/repos/:owner/:repo/git/matching-refs/*ref", matchingRefs)
    .add("POST", "/repos/:owner/:repo/git/refs", createRef)
    .add("PATCH", "/repos/:owner/:repo/git/refs/*ref", updateRef)
    .add("DELETE", "/repos/:owner/:repo/git/refs/*ref", deleteRef)
    .add("POST", "/repos/:owner/:repo/git/blobs", createBlob)
    .add("GET", "/repos/:owner/:repo/git/blobs/:sha", getBlob)
    .add("POST", "/repos/:owner/:repo/git/trees", createTree)
    .add("GET", "/repos/:owner/:repo/git/trees/:sha", getTree)
    .add("POST", "/repos/:owner/:repo/git/commits", createCommit)
    .add("GET", "/repos/:owner/:repo/git/commits/:sha", getCommit);
}
