// Team memberships. Teams exist once someone is added. Test hook: a PUT body of
// {"state": "pending"} records a pending membership (an invitation not yet accepted), which
// GitHub would produce for people outside the org; everyone else is "active" at once.
import type { Handler, RequestContext } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { requireCaller } from "../permissions.ts";
import type { Router } from "../router.ts";
import { userShape } from "../shapes.ts";
import type { Account } from "../state/world.ts";
import { oneOf, optionalString, paginate } from "../validate.ts";

function requireOrg(c: RequestContext): Account {
  const org = c.world.findAccount(c.params.org ?? "");
  if (org?.type !== "Organization") throw notFound();
  return org;
}

function membershipShape(c: RequestContext, login: string, role: string, state: string) {
  return {
    url: `${c.world.url}/orgs/${c.params.org}/teams/${c.params.team_slug}/memberships/${login}`,
    role,
    state,
  };
}

const putMembership: Handler = (c) => {
  const actor = requireCaller(c);
  const org = requireOrg(c);
  if (actor.kind !== "user" || !org.admins.has(actor.login.toLowerCase())) {
    throw forbidden(`Must be an owner of the organization ${org.login} to manage team memberships`);
  }
  const role =
    oneOf(
      optionalString(c.body, "role", "TeamMembership"),
      ["member", "maintainer"],
      "TeamMembership",
      "role",
    ) ?? "member";
  const state =
    oneOf(
      optionalString(c.body, "state", "TeamMembership"),
      ["active", "pending"],
      "TeamMembership",
      "state",
    ) ?? "active";
  const login = c.world.account(c.params.username ?? "").login;
  const team = c.world.ensureTeam(org.login, c.params.team_slug ?? "");
  team.members.set(login.toLowerCase(), { login, role, state });
  return { status: 200, body: membershipShape(c, login, role, state) };
};

const getMembership: Handler = (c) => {
  requireCaller(c);
  const org = requireOrg(c);
  const team = c.world.team(org.login, c.params.team_slug ?? "");
  if (!team) throw notFound();
  const membership = team.members.get((c.params.username ?? "").toLowerCase());
  if (!membership) throw notFound();
  return { status: 200, body: membershipShape(c, membership.login, membership.role, membership.state) };
};

const deleteMembership: Handler = (c) => {
  const actor = requireCaller(c);
  const org = requireOrg(c);
  if (actor.kind !== "user" || !org.admins.has(actor.login.toLowerCase())) {
    throw forbidden(`Must be an owner of the organization ${org.login} to manage team memberships`);
  }
  const team = c.world.team(org.login, c.params.team_slug ?? "");
  if (!team?.members.delete((c.params.username ?? "").toLowerCase())) throw notFound();
  return { status: 204 };
};

const listMembers: Handler = (c) => {
  requireCaller(c);
  const org = requireOrg(c);
  const team = c.world.team(org.login, c.params.team_slug ?? "");
  if (!team) throw notFound();
  const members = [...team.members.values()]
    .filter((m) => m.state === "active")
    .map((m) => userShape(c.world, m.login));
  return paginate(c, members);
};

export function registerOrgRoutes(router: Router<Handler>): void {
  router
    .add("PUT", "/orgs/:org/teams/:team_slug/memberships/:username", putMembership)
    .add("GET", "/orgs/:org/teams/:team_slug/memberships/:username", getMembership)
    .add("DELETE", "/orgs/:org/teams/:team_slug/memberships/:username", deleteMembership)
    .add("GET", "/orgs/:org/teams/:team_slug/members", listMembers);
}
