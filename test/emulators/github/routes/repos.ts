// Repositories and who may use them: create (org or user), get, collaborators and permissions,
// branches and commits by ref.
import type { Handler, RequestContext } from "../context.ts";
import { forbidden, notFound, unprocessable, validationFailed } from "../errors.ts";
import { commitFiles, resolveRef, signatureOf } from "../operations.ts";
import { type Access, requireCaller, requireRepo, userAccess } from "../permissions.ts";
import type { Router } from "../router.ts";
import { commitShape, repoShape, userShape } from "../shapes.ts";
import type { Repo, RepoRole } from "../state/world.ts";
import { oneOf, optionalBoolean, optionalString, paginate, requiredString } from "../validate.ts";

const namePattern = /^[A-Za-z0-9._-]{1,100}$/;

function createRepo(c: RequestContext, ownerLogin: string, asOrg: boolean): Repo {
  const actor = requireCaller(c);
  if (actor.kind !== "user") throw forbidden("Resource not accessible by integration");
  const name = requiredString(c.body, "name", "Repository");
  if (!namePattern.test(name) || name === "." || name === "..") {
    throw validationFailed({
      resource: "Repository",
      field: "name",
      code: "invalid",
      message: `name "${name}" may only contain letters, digits, ".", "-" and "_"`,
    });
  }
  let owner = c.world.findAccount(ownerLogin);
  if (asOrg) {
    // An account nobody has used as an owner yet (only seen as a login) may still become an org.
    if (owner && owner.type === "User" && !c.world.allRepos().some((r) => r.owner === owner)) {
      owner.type = "Organization";
    }
    if (owner && owner.type !== "Organization")
      throw notFound(`${ownerLogin} is a user, not an organization`);
    // An org that does not exist yet is created, owned by whoever creates its first repository.
    owner ??= c.world.account(ownerLogin, "Organization");
    if (owner.admins.size === 0) owner.admins.add(actor.login.toLowerCase());
    if (!owner.admins.has(actor.login.toLowerCase())) {
      throw forbidden(
        `You need admin access to the organization ${owner.login} before adding a repository to it.`,
      );
    }
  } else {
    owner = c.world.account(ownerLogin);
  }
  if (c.world.repo(owner.login, name)) {
    throw validationFailed({
      resource: "Repository",
      field: "name",
      code: "custom",
      message: "name already exists on this account",
    });
  }
  const description = optionalString(c.body, "description", "Repository") ?? null;
  const repo = c.world.addRepo(owner, name, {
    private: optionalBoolean(c.body, "private", "Repository") ?? false,
    description,
  });
  if (optionalBoolean(c.body, "auto_init", "Repository")) {
    const readme = `# ${name}\n${description ? `\n${description}\n` : ""}`;
    const files = new Map([
      ["README.md", { sha: repo.git.writeBlob(Buffer.from(readme)), mode: "100644" as const }],
    ]);
    commitFiles(c, repo, repo.defaultBranch, files, "Initial commit", signatureOf(actor.login), actor.login);
  }
  return repo;
}

const createOrgRepo: Handler = (c) => {
  const repo = createRepo(c, c.params.org ?? "", true);
  return { status: 201, body: repoShape(c.world, repo, c.actor) };
};

const createUserRepo: Handler = (c) => {
  const actor = requireCaller(c);
  const repo = createRepo(c, actor.login, false);
  return { status: 201, body: repoShape(c.world, repo, c.actor) };
};

const getRepo: Handler = (c) => {
  const repo = requireRepo(c);
  return { status: 200, body: repoShape(c.world, repo, c.actor) };
};

const roles: Record<string, RepoRole> = {
  pull: "read",
  read: "read",
  triage: "triage",
  push: "write",
  write: "write",
  maintain: "maintain",
  admin: "admin",
};

const putCollaborator: Handler = (c) => {
  const repo = requireRepo(c, "admin");
  const login = c.params.username ?? "";
  const permission = optionalString(c.body, "permission", "Collaborator") ?? "push";
  const role = roles[permission];
  if (!role) {
    throw validationFailed({
      resource: "Collaborator",
      field: "permission",
      code: "invalid",
      message: `permission must be one of pull, triage, push, maintain, admin; got "${permission}"`,
    });
  }
  const account = c.world.account(login);
  // Invitations are skipped: the person is a collaborator at once (GitHub's 204 for members).
  repo.collaborators.set(login.toLowerCase(), { login: account.login, role });
  return { status: 204 };
};

const deleteCollaborator: Handler = (c) => {
  const repo = requireRepo(c, "admin");
  repo.collaborators.delete((c.params.username ?? "").toLowerCase());
  return { status: 204 };
};

const legacyPermission: Record<Access, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
  none: "none",
};

const getPermission: Handler = (c) => {
  const repo = requireRepo(c);
  const login = c.params.username ?? "";
  const account = c.world.account(login); // any login is a user
  // As on GitHub: everyone can read a public repository, so outsiders get "read" there, "none" on private ones.
  const access = userAccess(repo, login);
  return {
    status: 200,
    body: {
      permission: legacyPermission[access],
      role_name: access,
      user: { ...userShape(c.world, account.login), role_name: access },
    },
  };
};

const checkCollaborator: Handler = (c) => {
  const repo = requireRepo(c);
  const login = c.params.username ?? "";
  const access = userAccess(repo, login);
  const isCollaborator = repo.collaborators.has(login.toLowerCase()) || access === "admin";
  if (!isCollaborator) throw notFound();
  return { status: 204 };
};

const listCollaborators: Handler = (c) => {
  const repo = requireRepo(c);
  const logins = new Set<string>(repo.owner.type === "User" ? [repo.owner.login] : [...repo.owner.admins]);
  for (const collaborator of repo.collaborators.values()) logins.add(collaborator.login);
  const people = [...logins].map((login) => ({
    ...userShape(c.world, login),
    role_name: userAccess(repo, login),
  }));
  return paginate(c, people);
};

const getBranch: Handler = (c) => {
  const repo = requireRepo(c);
  const name = c.params.branch ?? "";
  const sha = repo.refs.get(`refs/heads/${name}`);
  if (!sha) throw notFound("Branch not found");
  const commit = repo.git.commit(sha);
  return {
    status: 200,
    body: {
      name,
      commit: {
        sha,
        url: `${c.world.url}/repos/${repo.owner.login}/${repo.name}/commits/${sha}`,
        commit: commit && commitShape(c.world, repo, commit),
      },
      protected: false,
    },
  };
};

const getCommit: Handler = (c) => {
  const repo = requireRepo(c);
  const ref = c.params.ref ?? "";
  const sha = resolveRef(repo, ref);
  const commit = sha ? repo.git.commit(sha) : undefined;
  if (!commit) throw unprocessable(`No commit found for SHA: ${ref}`);
  const shape = commitShape(c.world, repo, commit);
  return {
    status: 200,
    body: {
      sha: commit.sha,
      url: `${c.world.url}/repos/${repo.owner.login}/${repo.name}/commits/${commit.sha}`,
      html_url: shape.html_url,
      commit: shape,
      parents: shape.parents,
      author: userShape(c.world, commit.author.name),
      committer: userShape(c.world, commit.committer.name),
    },
  };
};

const updateRepo: Handler = (c) => {
  const repo = requireRepo(c, "admin");
  const branch = optionalString(c.body, "default_branch", "Repository");
  if (branch !== undefined) {
    if (!repo.refs.has(`refs/heads/${branch}`)) {
      throw validationFailed({
        resource: "Repository",
        field: "default_branch",
        code: "invalid",
        message: `Branch ${branch} does not exist`,
      });
    }
    repo.defaultBranch = branch;
  }
  const description = optionalString(c.body, "description", "Repository");
  if (description !== undefined) repo.description = description;
  const visibility = oneOf(
    optionalString(c.body, "visibility", "Repository"),
    ["public", "private"],
    "Repository",
    "visibility",
  );
  const isPrivate =
    optionalBoolean(c.body, "private", "Repository") ?? (visibility ? visibility === "private" : undefined);
  if (isPrivate !== undefined) repo.private = isPrivate;
  return { status: 200, body: repoShape(c.world, repo, c.actor) };
};

export function registerRepoRoutes(router: Router<Handler>): void {
  router
    .add("POST", "/orgs/:org/repos", createOrgRepo)
    .add("POST", "/user/repos", createUserRepo)
    .add("GET", "/repos/:owner/:repo", getRepo)
    .add("PATCH", "/repos/:owner/:repo", updateRepo)
    .add("GET", "/repos/:owner/:repo/collaborators", listCollaborators)
    .add("GET", "/repos/:owner/:repo/collaborators/:username", checkCollaborator)
    .add("PUT", "/repos/:owner/:repo/collaborators/:username", putCollaborator)
    .add("DELETE", "/repos/:owner/:repo/collaborators/:username", deleteCollaborator)
    .add("GET", "/repos/:owner/:repo/collaborators/:username/permission", getPermission)
    .add("GET", "/repos/:owner/:repo/branches/*branch", getBranch)
    .add("GET", "/repos/:owner/:repo/commits/:ref", getCommit);
}
