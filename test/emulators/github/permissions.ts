// Who may do what on a repository. The app's installation token has write access to every repo of
// the account it is installed on; users get admin on their own repos and their orgs' (if org admin),
// their collaborator role otherwise, and read on public repos.
import type { Actor } from "./auth.ts";
import type { RequestContext } from "./context.ts";
import { forbidden, notFound, unauthorized } from "./errors.ts";
import type { Repo, RepoRole, World } from "./state/world.ts";

export type Access = RepoRole | "none";

const rank: Record<Access, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export function atLeast(access: Access, needed: Access): boolean {
  return rank[access] >= rank[needed];
}

export function userAccess(repo: Repo, login: string): Access {
  const lower = login.toLowerCase();
  if (repo.owner.type === "User" && repo.owner.login.toLowerCase() === lower) return "admin";
  if (repo.owner.type === "Organization" && repo.owner.admins.has(lower)) return "admin";
  const collaborator = repo.collaborators.get(lower);
  if (collaborator) return collaborator.role;
  return repo.private ? "none" : "read";
}

export function accessOf(world: World, repo: Repo, actor: Actor): Access {
  switch (actor.kind) {
    case "user":
      return userAccess(repo, actor.login);
    case "installation":
      return world.installationById(actor.installationId)?.account === repo.owner ? "write" : "none";
    default:
      return "none";
  }
}

/** Users and installations only: app JWTs may call /app endpoints, nothing else. */
export function requireCaller(c: RequestContext): Exclude<Actor, { kind: "anonymous" } | { kind: "app" }> {
  if (c.actor.kind === "anonymous") throw unauthorized();
  if (c.actor.kind === "app") {
    throw forbidden(
      "A JSON web token authenticates the app itself: use an installation token (POST /app/installations/{id}/access_tokens) for this endpoint",
    );
  }
  return c.actor;
}

/** The repository named by :owner/:repo, or 404 when it does not exist or the caller cannot see it. */
export function requireRepo(c: RequestContext, needed: Access = "read"): Repo {
  const actor = requireCaller(c);
  const repo = c.world.repo(c.params.owner ?? "", c.params.repo ?? "");
  if (!repo) throw notFound();
  const access = accessOf(c.world, repo, actor);
  if (access === "none") throw notFound();
  if (!atLeast(access, needed)) {
    throw forbidden(
      actor.kind === "installation"
        ? "Resource not accessible by integration"
        : `Must have ${needed} access to ${repo.owner.login}/${repo.name} (${actor.login} has ${access})`,
    );
  }
  return repo;
}

/** The caller's login as the author of whatever it creates. */
export function callerLogin(c: RequestContext): string {
  const actor = requireCaller(c);
  return actor.login;
}
