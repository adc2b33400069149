import { describe, expect, it } from "vitest";
import { authorizeRequester, type RequesterCheck } from "../../../app/auth/requester.ts";
import { type RepoConfig, readRepoConfig } from "../../../app/config/repo-config.ts";
import type { Permission } from "../../../app/forge/types.ts";

const repo = { owner: "acme", repo: "shop" };

function config(text: string | undefined): RepoConfig {
  const result = readRepoConfig(text, ".github/skyflo.yml");
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.config;
}

/** A forge that knows permissions and active team members, and records what it was asked. */
function fakeForge(world: { permissions?: Record<string, Permission>; teams?: Record<string, string[]> }) {
  const calls: string[] = [];
  const forge: RequesterCheck["forge"] = {
    async permission(where, login) {
      calls.push(`permission ${where.owner}/${where.repo} ${login}`);
      return world.permissions?.[login] ?? "none";
    },
    async isTeamMember(org, team, login) {
      calls.push(`team ${org}/${team} ${login}`);
      return world.teams?.[`${org}/${team}`]?.includes(login) ?? false;
    },
  };
  return { forge, calls };
}

const person = (login: string, isBot = false) => ({ login, isBot });

describe("authorizeRequester without requesters in the config", () => {
  const cases: Array<[Permission, boolean]> = [
    ["admin", true],
    ["maintain", true],
    ["write", true],
    ["triage", false],
    ["read", false],
    ["none", false],
  ];
  it.each(cases)("permission %s → allowed %s", async (permission, expected) => {
    const { forge } = fakeForge({ permissions: { alice: permission } });
    const verdict = await authorizeRequester({
      repo,
      person: person("alice"),
      config: config(undefined),
      forge,
    });
    expect(verdict.allowed).toBe(expected);
  });

  it("tells an outsider why, politely and specifically", async () => {
    const { forge } = fakeForge({ permissions: { mallory: "read" } });
    expect(
      await authorizeRequester({ repo, person: person("mallory"), config: config(undefined), forge }),
    ).toEqual({
      allowed: false,
      reason: "@mallory, only people with write access to acme/shop can ask Skyflo for changes.",
    });
  });

  it("refuses bots without asking the forge", async () => {
    const { forge, calls } = fakeForge({ permissions: { "deploy-bot[bot]": "admin", helper: "admin" } });
    for (const who of [person("deploy-bot[bot]", true), person("deploy-bot[bot]"), person("helper", true)]) {
      expect(await authorizeRequester({ repo, person: who, config: config(undefined), forge })).toEqual({
        allowed: false,
        reason: "Skyflo does not take requests from bots.",
      });
    }
    expect(calls).toEqual([]);
  });

  it("asks the forge once", async () => {
    const { forge, calls } = fakeForge({ permissions: { alice: "write" } });
    await authorizeRequester({ repo, person: person("alice"), config: config(undefined), forge });
    expect(calls).toEqual(["permission acme/shop alice"]);
  });
});

describe("authorizeRequester with requesters in the config", () => {
  const listed = config("requesters:\n  users: [alice]\n  teams: [acme/sre, acme/platform]\n");
  const world = {
    permissions: { alice: "write", bob: "write", carol: "admin", dave: "write", erin: "read" } as Record<
      string,
      Permission
    >,
    teams: { "acme/sre": ["bob"], "acme/platform": ["carol"] },
  };

  it("allows a listed user", async () => {
    const { forge, calls } = fakeForge(world);
    expect(await authorizeRequester({ repo, person: person("alice"), config: listed, forge })).toEqual({
      allowed: true,
    });
    expect(calls).toEqual(["permission acme/shop alice"]);
  });

  it("compares logins without regard to case, as GitHub does", async () => {
    const { forge } = fakeForge({ permissions: { ALICE: "write" } });
    expect((await authorizeRequester({ repo, person: person("ALICE"), config: listed, forge })).allowed).toBe(
      true,
    );
  });

  it("allows an active member of a listed team, asking team by team until one says yes", async () => {
    const first = fakeForge(world);
    expect(
      (await authorizeRequester({ repo, person: person("bob"), config: listed, forge: first.forge })).allowed,
    ).toBe(true);
    expect(first.calls).toEqual(["permission acme/shop bob", "team acme/sre bob"]);
    const second = fakeForge(world);
    expect(
      (await authorizeRequester({ repo, person: person("carol"), config: listed, forge: second.forge }))
        .allowed,
    ).toBe(true);
    expect(second.calls).toEqual([
      "permission acme/shop carol",
      "team acme/sre carol",
      "team acme/platform carol",
    ]);
  });

  it("refuses someone with write access who is not listed (pending members are not members)", async () => {
    // The forge reports active membership only, so a pending invitation answers false, like dave's.
    const { forge, calls } = fakeForge(world);
    expect(await authorizeRequester({ repo, person: person("dave"), config: listed, forge })).toEqual({
      allowed: false,
      reason:
        "@dave, only the users and teams listed in .github/skyflo.yml requesters (`alice`, `acme/sre`, `acme/platform`) can ask Skyflo for changes in acme/shop.",
    });
    expect(calls).toEqual(["permission acme/shop dave", "team acme/sre dave", "team acme/platform dave"]);
  });

  it("still requires write access from listed people (the config narrows, never widens)", async () => {
    const { forge, calls } = fakeForge({
      permissions: { erin: "read" },
      teams: { "acme/sre": ["erin"] },
    });
    const erinListed = config("requesters:\n  users: [erin]\n  teams: [acme/sre]\n");
    expect(await authorizeRequester({ repo, person: person("erin"), config: erinListed, forge })).toEqual({
      allowed: false,
      reason: "@erin, only people with write access to acme/shop can ask Skyflo for changes.",
    });
    expect(calls).toEqual(["permission acme/shop erin"]);
  });

  it("shortens a long list of requesters and never @mentions them", async () => {
    const many = config(
      `requesters:\n  users: [${Array.from({ length: 8 }, (_, i) => `user${i}`).join(", ")}]\n`,
    );
    const { forge } = fakeForge({ permissions: { dave: "write" } });
    const verdict = await authorizeRequester({ repo, person: person("dave"), config: many, forge });
    expect(verdict).toEqual({
      allowed: false,
      reason:
        "@dave, only the users and teams listed in .github/skyflo.yml requesters (`user0`, `user1`, `user2`, `user3`, `user4` and 3 more) can ask Skyflo for changes in acme/shop.",
    });
  });

  it("lets forge errors through for the caller to answer", async () => {
    const failing: RequesterCheck["forge"] = {
      permission: async () => {
        throw new Error("403 rate limit exceeded");
      },
      isTeamMember: async () => false,
    };
    await expect(
      authorizeRequester({ repo, person: person("alice"), config: listed, forge: failing }),
    ).rejects.toThrow("403 rate limit exceeded");
    const teamFails: RequesterCheck["forge"] = {
      permission: async () => "write",
      isTeamMember: async () => {
        throw new Error("404 team not found");
      },
    };
    await expect(
      authorizeRequester({ repo, person: person("bob"), config: listed, forge: teamFails }),
    ).rejects.toThrow("404 team not found");
  });
});
