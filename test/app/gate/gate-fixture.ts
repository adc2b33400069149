// A plan pull request that passes the gate, to be bent one way per test.
import { createHash } from "node:crypto";
import { type RepoConfigInput, RepoConfigSchema } from "../../../app/config/repo-config.ts";
import type { GateInput, ReviewInput } from "../../../app/gate/requirements.ts";

export const HEAD = `def5678${"1".repeat(33)}`;
export const OLD_HEAD = `abc1234${"2".repeat(33)}`;
export const BASE = `bead000${"3".repeat(33)}`;
export const PLAN_PATH = ".skyflo/plans/42-scale-web.yaml";

export const digestOf = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
export const DIGEST = digestOf("plan 42 as rendered");

export const BASE_CODEOWNERS = [
  "# Base branch CODEOWNERS",
  "*                @default-owner",
  "/.skyflo/plans/  @olivia @acme/platform",
  "",
].join("\n");

/** Active members per team ("org/team", as the forge spells it); anyone else is not an active member. */
export const ACTIVE_MEMBERS: Record<string, string[]> = { "acme/platform": ["pat", "Quinn"] };

export interface TeamCall {
  org: string;
  team: string;
  login: string;
}

let nextId = 100;
let clock = Date.parse("2026-11-25T10:00:00Z");

/** A review submitted after every review made before it (ids and times both increase). */
export function review(
  login: string,
  state: ReviewInput["state"],
  overrides: Partial<Omit<ReviewInput, "login" | "state">> = {},
): ReviewInput {
  nextId += 1;
  clock += 60_000;
  return {
    id: nextId,
    login,
    isBot: false,
    state,
    commitId: HEAD,
    submittedAt: new Date(clock).toISOString(),
    ...overrides,
  };
}

export function config(input: RepoConfigInput = {}) {
  return RepoConfigSchema.parse(input);
}

/** Skyflo's record at head for the fixture's plan, shaped by these people. */
export function shapedBy(...requesters: string[]): Pick<GateInput, "attestation"> {
  return { attestation: { digest: DIGEST, requesters } };
}

/** The gate input of an open plan PR approved by @olivia at head; `calls` records team lookups. */
export function gateInput(overrides: Partial<GateInput> = {}): GateInput & { calls: TeamCall[] } {
  const calls: TeamCall[] = [];
  return {
    pr: { number: 7, state: "open", headSha: HEAD, baseSha: BASE, body: "plan body" },
    attestation: { digest: DIGEST, requesters: ["alice"] },
    changedFiles: [PLAN_PATH],
    planFile: { path: PLAN_PATH, digestAtHead: DIGEST },
    bodyDigest: DIGEST,
    codeowners: { path: ".github/CODEOWNERS", text: BASE_CODEOWNERS },
    config: config(),
    reviews: [review("olivia", "APPROVED")],
    async isActiveTeamMember(org, team, login) {
      calls.push({ org, team, login });
      const members = ACTIVE_MEMBERS[`${org}/${team}`.toLowerCase()] ?? [];
      return members.some((member) => member.toLowerCase() === login.toLowerCase());
    },
    calls,
    ...overrides,
  };
}
