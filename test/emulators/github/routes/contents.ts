// The contents API: read a file or list a directory at a ref (base64, or raw with the raw media
// type), create/update a file with a commit (sha required to update, as on GitHub), delete a file.
import type { Handler, RequestContext } from "../context.ts";
import { conflict, GitHubApiError, missingField, notFound, unprocessable } from "../errors.ts";
import { commitFiles, resolveRef, signatureOf } from "../operations.ts";
import { callerLogin, requireRepo } from "../permissions.ts";
import type { Router } from "../router.ts";
import { commitShape, repoHtmlUrl, repoUrl } from "../shapes.ts";
import type { Repo, World } from "../state/world.ts";
import { optionalString, requiredString } from "../validate.ts";

function normalizePath(raw: string): string {
  return raw.replace(/^\/+|\/+$/g, "");
}

function entryShape(world: World, repo: Repo, path: string, type: "file" | "dir", sha: string, ref: string) {
  const object = repo.git.get(sha);
  const url = `${repoUrl(world, repo)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const html = `${repoHtmlUrl(world, repo)}/${type === "dir" ? "tree" : "blob"}/${ref}/${path}`;
  const gitUrl = `${repoUrl(world, repo)}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`;
  return {
    type,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    size: object?.type === "blob" ? object.content.length : 0,
    url,
    html_url: html,
    git_url: gitUrl,
    download_url: type === "file" ? `${world.url}/raw/${repo.owner.login}/${repo.name}/${ref}/${path}` : null,
    _links: { self: url, git: gitUrl, html },
  };
}

function fileShape(world: World, repo: Repo, path: string, sha: string, ref: string) {
  const object = repo.git.get(sha);
  const content = object?.type === "blob" ? object.content.toString("base64") : "";
  return {
    ...entryShape(world, repo, path, "file", sha, ref),
    encoding: "base64",
    // GitHub wraps the base64 at 60 characters.
    content: `${content.replace(/.{60}/g, "$&\n")}\n`,
  };
}

function wantsRaw(c: RequestContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(String(c.headers.accept ?? ""));
}

const getContents: Handler = (c) => {
  const repo = requireRepo(c);
  const path = normalizePath(c.params.path ?? "");
  const ref = c.query.get("ref") ?? repo.defaultBranch;
  if (repo.refs.size === 0) throw notFound("This repository is empty.");
  const commitSha = resolveRef(repo, ref);
  if (!commitSha) throw notFound(`No commit found for the ref ${ref}`);
  const files = repo.git.filesAt(commitSha);
  const file = files.get(path);
  if (file) {
    if (wantsRaw(c)) {
      const blob = repo.git.get(file.sha);
      return {
        status: 200,
        body: blob?.type === "blob" ? blob.content.toString("utf8") : "",
        headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
      };
    }
    return { status: 200, body: fileShape(c.world, repo, path, file.sha, ref) };
  }
  // A directory: the entries directly under it.
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, { type: "file" | "dir"; sha: string }>();
  const tree = repo.git.commit(commitSha)?.tree ?? "";
  for (const [filePath, entry] of files) {
    if (!filePath.startsWith(prefix)) continue;
    const rest = filePath.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash < 0) children.set(rest, { type: "file", sha: entry.sha });
    else children.set(rest.slice(0, slash), { type: "dir", sha: "" });
  }
  if (children.size === 0) throw notFound();
  const listing = [...children.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, child]) => {
      const childPath = `${prefix}${name}`;
      const sha = child.type === "dir" ? subtreeSha(repo, tree, childPath) : child.sha;
      return entryShape(c.world, repo, childPath, child.type, sha, ref);
    });
  return { status: 200, body: listing };
};

function subtreeSha(repo: Repo, rootTree: string, path: string): string {
  let sha = rootTree;
  for (const part of path.split("/")) {
    const tree = repo.git.get(sha);
    const entry = tree?.type === "tree" ? tree.entries.find((e) => e.name === part) : undefined;
    if (!entry) return "";
    sha = entry.sha;
  }
  return sha;
}

function targetBranch(c: RequestContext, repo: Repo): string {
  const branch = optionalString(c.body, "branch", "Content") ?? repo.defaultBranch;
  if (!repo.refs.has(`refs/heads/${branch}`) && !(repo.refs.size === 0 && branch === repo.defaultBranch)) {
    throw notFound(`Branch ${branch} not found`);
  }
  return branch;
}

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw unprocessable("content is not valid Base64", [
      { resource: "Content", field: "content", code: "invalid" },
    ]);
  }
  return Buffer.from(compact, "base64");
}

const putContents: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const login = callerLogin(c);
  const path = normalizePath(c.params.path ?? "");
  const message = requiredString(c.body, "message", "Content");
  if (typeof c.body.content !== "string") throw missingField("Content", "content");
  const content = decodeBase64(c.body.content);
  const branch = targetBranch(c, repo);
  const head = repo.refs.get(`refs/heads/${branch}`);
  const files = head ? repo.git.filesAt(head) : new Map();
  const existing = files.get(path);
  const givenSha = optionalString(c.body, "sha", "Content");
  if (existing && givenSha === undefined) {
    throw new GitHubApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  }
  if (existing && givenSha !== existing.sha) throw conflict(`${path} does not match ${givenSha}`);
  for (const other of files.keys()) {
    if (other.startsWith(`${path}/`)) throw unprocessable(`${path} is a directory, not a file`);
  }
  const blob = repo.git.writeBlob(content);
  files.set(path, { sha: blob, mode: existing?.mode ?? "100644" });
  const author = signatureOf(login, c.body.author ?? c.body.committer);
  const commitSha = commitFiles(c, repo, branch, files, message, author, login);
  const commit = repo.git.commit(commitSha);
  return {
    status: existing ? 200 : 201,
    body: {
      content: fileShape(c.world, repo, path, blob, branch),
      commit: commit && commitShape(c.world, repo, commit),
    },
  };
};

const deleteContents: Handler = (c) => {
  const repo = requireRepo(c, "write");
  const login = callerLogin(c);
  const path = normalizePath(c.params.path ?? "");
  const message = requiredString(c.body, "message", "Content");
  const givenSha = requiredString(c.body, "sha", "Content");
  const branch = targetBranch(c, repo);
  const head = repo.refs.get(`refs/heads/${branch}`);
  const files = head ? repo.git.filesAt(head) : new Map();
  const existing = files.get(path);
  if (!existing) throw notFound();
  if (existing.sha !== givenSha) throw conflict(`${path} does not match ${givenSha}`);
  files.delete(path);
  const commitSha = commitFiles(c, repo, branch, files, message, signatureOf(login, c.body.author), login);
  const commit = repo.git.commit(commitSha);
  return { status: 200, body: { content: null, commit: commit && commitShape(c.world, repo, commit) } };
};

export function registerContentRoutes(router: Router<Handler>): void {
  router
    .add("GET", "/repos/:owner/:repo/contents", getContents)
    .add("GET", "/repos/:owner/:repo/contents/*path", getContents)
    .add("PUT", "/repos/:owner/:repo/contents/*path", putContents)
    .add("DELETE", "/repos/:owner/:repo/contents/*path", deleteContents);
}
