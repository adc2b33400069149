import { describe, expect, it } from "vitest";
import { ownerMatcher } from "../../../app/gate/owner-matcher.ts";

function recordingTeams(active: Record<string, string[]>) {
  const calls: string[] = [];
  const callback = async (org: string, team: string, login: string) => {
    calls.push(`${org}/${team}:${login}`);
    return (active[`${org}/${team}`] ?? []).includes(login);
  };
  return { calls, callback };
}

describe("ownerMatcher", () => {
  it("sorts owners into users, teams and emails", () => {
    const matcher = ownerMatcher(["@olivia", "@acme/platform", "ops@acme.example"], async () => false);
    expect(matcher.users).toEqual(["@olivia"]);
    expect(matcher.teams).toEqual([{ org: "acme", team: "platform", written: "@acme/platform" }]);
    expect(matcher.emails).toEqual(["ops@acme.example"]);
    expect(matcher.approvable).toBe(true);
    expect(ownerMatcher(["ops@acme.example"], async () => false).approvable).toBe(false);
  });

  it("matches user owners case-insensitively without asking about teams", async () => {
    const { calls, callback } = recordingTeams({});
    const matcher = ownerMatcher(["@Olivia", "@acme/platform"], callback);
    expect(await matcher.isOwner("OLIVIA")).toBe(true);
    expect(await matcher.isOwner("@olivia")).toBe(true);
    expect(calls).toEqual([]);
  });

  it("asks the callback for each owning team, with org and team as written and the login without @", async () => {
    const { calls, callback } = recordingTeams({ "acme/sre": ["pat"] });
    const matcher = ownerMatcher(["@acme/platform", "@acme/sre"], callback);
    expect(await matcher.isOwner("@pat")).toBe(true);
    expect(calls).toEqual(["acme/platform:pat", "acme/sre:pat"]);
  });

  it("asks once per team and login in one evaluation, ignoring case", async () => {
    const { calls, callback } = recordingTeams({});
    const matcher = ownerMatcher(["@acme/platform"], callback);
    expect(await matcher.isOwner("pete")).toBe(false);
    expect(await matcher.isOwner("PETE")).toBe(false);
    expect(calls).toEqual(["acme/platform:pete"]);
  });

  it("never matches email owners, even against a login that looks like the address", async () => {
    const matcher = ownerMatcher(["olivia@acme.example"], async () => true);
    expect(await matcher.isOwner("olivia@acme.example")).toBe(false);
    expect(await matcher.isOwner("olivia")).toBe(false);
  });

  it("propagates callback errors", async () => {
    const matcher = ownerMatcher(["@acme/platform"], async () => {
      throw new Error("rate limited");
    });
    await expect(matcher.isOwner("pat")).rejects.toThrow("rate limited");
  });
});
