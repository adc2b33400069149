// Whether a reviewer is one of a file's CODEOWNERS owners: a listed user (login compared
// case-insensitively), or an active member of a listed team (asked through the callback, which
// must not count pending invitations). Email owners cannot be tied to a login, so they never match.
import { ownerKind } from "./codeowners-owner.ts";
import type { GateInput } from "./gate-input.ts";
import { loginKey } from "./latest-reviews.ts";

export interface OwnerMatcher {
  /** The owners as written in CODEOWNERS. */
  readonly owners: readonly string[];
  readonly users: readonly string[];
  readonly teams: readonly { org: string; team: string; written: string }[];
  readonly emails: readonly string[];
  /** True when some owner could ever match a reviewer (a user or a team). */
  readonly approvable: boolean;
  /** Callback errors propagate: a membership that could not be checked is not a yes. */
  isOwner(login: string): Promise<boolean>;
}

export function ownerMatcher(
  owners: readonly string[],
  isActiveTeamMember: GateInput["isActiveTeamMember"],
): OwnerMatcher {
  const users: string[] = [];
  const teams: { org: string; team: string; written: string }[] = [];
  const emails: string[] = [];
  for (const owner of owners) {
    const kind = ownerKind(owner);
    if (kind === "user") users.push(owner);
    else if (kind === "email") emails.push(owner);
    else if (kind === "team") {
      const [org = "", team = ""] = owner.slice(1).split("/");
      teams.push({ org, team, written: owner });
    }
  }
  const userKeys = new Set(users.map(loginKey));
  // One callback per (team, login) per evaluation, however many reviews a person left.
  const memberships = new Map<string, Promise<boolean>>();
  const isMember = (org: string, team: string, login: string) => {
    const key = `${org.toLowerCase()}/${team.toLowerCase()}\n${loginKey(login)}`;
    let answer = memberships.get(key);
    if (answer === undefined) {
      answer = isActiveTeamMember(org, team, login).then((member) => member === true);
      memberships.set(key, answer);
    }
    return answer;
  };

  return {
    owners: [...owners],
    users,
    teams,
    emails,
    approvable: users.length + teams.length > 0,
    async isOwner(login) {
      if (userKeys.has(loginKey(login))) return true;
      for (const { org, team } of teams) {
        if (await isMember(org, team, login.replace(/^@/, ""))) return true;
      }
      return false;
    },
  };
}
