import { REPO_CONFIG_PATH, type RepoConfig } from "../config/repo-config.ts";
import type { Forge, Permission, Person, RepoRef } from "../forge/types.ts";

// Who may ask Skyflo for a change. Asked of the forge every time (permission and team
// membership), never read from the comment's author_association, which says nothing reliable
// about write access.

export type Verdict = { allowed: true } | { allowed: false; reason: string };

export interface RequesterCheck {
  repo: RepoRef;
  person: Person;
  config: RepoConfig;
  forge: Pick<Forge, "permission" | "isTeamMember">;
}

const WRITE_PERMISSIONS: ReadonlySet<Permission> = new Set(["write", "maintain", "admin"]);
const MAX_LISTED = 5;

function isBot(person: Person): boolean {
  return person.isBot || /\[bot\]$/i.test(person.login);
}

/** In code spans, not as @mentions: a refusal must not notify everyone it names. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).map((name) => `\`${name}\``);
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Splits "org/team-slug" (the config schema guarantees the shape). */
function splitTeam(team: string): { org: string; slug: string } {
  const slash = team.indexOf("/");
  return { org: team.slice(0, slash), slug: team.slice(slash + 1) };
}

/**
 * Bots are refused; then the person needs write, maintain or admin permission on the repository;
 * when the config lists requesters, they must also be one of those users or an active member of
 * one of those teams (a repository config narrows who may ask, never widens it). Forge errors
 * are not caught: the caller replies about them.
 */
export async function authorizeRequester(check: RequesterCheck): Promise<Verdict> {
  const { repo, person, config, forge } = check;
  if (isBot(person)) return { allowed: false, reason: "Skyflo does not take requests from bots." };

  const permission = await forge.permission(repo, person.login);
  if (!WRITE_PERMISSIONS.has(permission)) {
    return {
      allowed: false,
      reason: `@${person.login}, only people with write access to ${repo.owner}/${repo.repo} can ask Skyflo for changes.`,
    };
  }

  const requesters = config.requesters;
  if (requesters === undefined) return { allowed: true };
  if (requesters.users.some((user) => sameName(user, person.login))) return { allowed: true };
  // One at a time: most configs name one or two teams, and the first match ends the search.
  for (const team of requesters.teams) {
    const { org, slug } = splitTeam(team);
    if (await forge.isTeamMember(org, slug, person.login)) return { allowed: true };
  }
  return {
    allowed: false,
    reason: `@${person.login}, only the users and teams listed in ${REPO_CONFIG_PATH} requesters (${listed([...requesters.users, ...requesters.teams])}) can ask Skyflo for changes in ${repo.owner}/${repo.repo}.`,
  };
}
