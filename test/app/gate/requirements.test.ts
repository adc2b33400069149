// Each requirement on its own: stable ids, a sentence whether it passes or not, and the less
// common ways to fail that the adversarial cases do not cover.
import { describe, expect, it } from "vitest";
import { CODEOWNERS_MAX_BYTES } from "../../../app/gate/codeowners.ts";
import {
  checkRequirements,
  evaluateGate,
  type GateResult,
  REQUIREMENT_IDS,
  type Requirement,
} from "../../../app/gate/requirements.ts";
import { config, gateInput, PLAN_PATH, review, shapedBy } from "./gate-fixture.ts";

function requirement(result: GateResult, id: string): Requirement {
  const found = result.requirements.find((r) => r.id === id);
  expect(found, `requirement ${id}`).toBeDefined();
  return found as Requirement;
}

const failedIds = (result: GateResult) => result.requirements.filter((r) => !r.passed).map((r) => r.id);

describe("requirements as data", () => {
  it("returns every requirement, in a stable order, each with a sentence, passing or not", async () => {
    expect(REQUIREMENT_IDS).toEqual([
      "pr-open",
      "plan-parses",
      "plan-location",
      "digest-matches",
      "plan-attested",
      "only-plan-changed",
      "codeowners-present",
      "plan-owned",
      "approvals",
      "no-changes-requested",
    ]);
    const passing = await evaluateGate(gateInput());
    const failing = await evaluateGate(
      gateInput({
        pr: { ...gateInput().pr, state: "closed" },
        codeowners: undefined,
        bodyDigest: undefined,
        changedFiles: [],
        planFile: { path: "plans/x.txt", digestAtHead: undefined, error: "not YAML" },
        reviews: [],
      }),
    );
    expect(failedIds(failing)).toEqual(REQUIREMENT_IDS.filter((id) => id !== "no-changes-requested"));
    for (const result of [passing, failing]) {
      expect(result.requirements.map((r) => r.id)).toEqual([...REQUIREMENT_IDS]);
      for (const r of result.requirements) expect(r.sentence).toMatch(/^\S.*[.)]$/s);
      // Plain data: survives a JSON round trip unchanged.
      expect(JSON.parse(JSON.stringify(result.requirements))).toEqual(result.requirements);
    }
  });

  it("checkRequirements reports the counted approvers and the digest but issues no approval", async () => {
    const input = gateInput();
    const check = await checkRequirements(input);
    expect(check.planDigest).toBe(input.bodyDigest);
    expect(check.approvers.map((a) => a.login)).toEqual(["olivia"]);
    expect(Object.keys(check).sort()).toEqual(["approvers", "planDigest", "requirements"]);
  });
});

describe("plan-location", () => {
  it("passes a .yaml or .yml file directly in the configured plan folder", async () => {
    const custom = config({ planDirectory: "ops/plans" });
    for (const path of ["ops/plans/42-scale-web.yaml", "ops/plans/42-scale-web.yml"]) {
      const result = await evaluateGate(
        gateInput({
          config: custom,
          changedFiles: [path],
          planFile: { path, digestAtHead: gateInput().bodyDigest },
          codeowners: { path: "CODEOWNERS", text: "/ops/plans/ @olivia\n" },
        }),
      );
      expect(failedIds(result)).toEqual([]);
    }
  });

  it("refuses a plan file outside the plan folder, nested below it, or not YAML", async () => {
    for (const path of [
      "k8s/42.yaml",
      ".skyflo/plans/nested/42.yaml",
      ".skyflo/plans/42.sh",
      ".skyflo/plans-x/42.yaml",
    ]) {
      const result = await evaluateGate(
        gateInput({ changedFiles: [path], planFile: { path, digestAtHead: gateInput().bodyDigest } }),
      );
      expect(failedIds(result), path).toContain("plan-location");
      expect(requirement(result, "plan-location").sentence).toContain(
        "directly in the plan folder `.skyflo/plans/` (planDirectory in .github/skyflo.yml)",
      );
    }
  });
});

describe("only-plan-changed", () => {
  it("refuses a PR whose changed files do not include the plan file", async () => {
    const result = await evaluateGate(gateInput({ changedFiles: [] }));
    expect(failedIds(result)).toEqual(["only-plan-changed"]);
    expect(requirement(result, "only-plan-changed").sentence).toContain("does not change the plan file");
  });

  it("lists at most ten other files, then how many more", async () => {
    const others = Array.from({ length: 13 }, (_, i) => `k8s/file-${i}.yaml`);
    const result = await evaluateGate(gateInput({ changedFiles: [PLAN_PATH, ...others] }));
    const sentence = requirement(result, "only-plan-changed").sentence;
    expect(sentence).toContain("`k8s/file-9.yaml` and 3 more");
    expect(sentence).not.toContain("file-10");
  });
});

describe("codeowners-present and plan-owned", () => {
  it("refuses a CODEOWNERS of 3 MB or more, which GitHub ignores", async () => {
    const text = `/.skyflo/plans/ @olivia\n${"#".repeat(CODEOWNERS_MAX_BYTES)}\n`;
    const result = await evaluateGate(gateInput({ codeowners: { path: ".github/CODEOWNERS", text } }));
    expect(failedIds(result)).toEqual(["codeowners-present", "plan-owned", "approvals"]);
    expect(requirement(result, "codeowners-present").sentence).toContain(
      "GitHub ignores a CODEOWNERS file of 3 MB or more",
    );
  });

  it("names the lines GitHub skips, which may be why a plan is unowned", async () => {
    const text = "* @default-owner\n/.skyflo/plans/ !bad-owner\n/.skyflo/plans/\n";
    const result = await evaluateGate(gateInput({ codeowners: { path: "CODEOWNERS", text } }));
    expect(requirement(result, "codeowners-present").sentence).toContain(
      "GitHub skips 1 invalid line (line 2) of it.",
    );
    expect(requirement(result, "plan-owned").sentence).toContain(
      "GitHub skips 1 invalid line (line 2) of `CODEOWNERS`; one of them may have been meant to own it.",
    );
  });

  it("refuses a plan path that cannot be a repository file, with the matcher's reason", async () => {
    const path = ".skyflo/plans/../plans/42.yaml";
    const result = await evaluateGate(
      gateInput({ changedFiles: [path], planFile: { path, digestAtHead: gateInput().bodyDigest } }),
    );
    expect(result.approved).toBe(false);
    expect(requirement(result, "plan-owned").sentence).toContain(
      "Cannot tell who owns the plan file: ownersOf:",
    );
  });

  it("names the owners and the CODEOWNERS line when the plan is owned", async () => {
    const result = await evaluateGate(gateInput());
    expect(requirement(result, "plan-owned").sentence).toBe(
      '`.skyflo/plans/42-scale-web.yaml` is owned by @olivia and @acme/platform (`.github/CODEOWNERS` line 3, "/.skyflo/plans/").',
    );
  });
});

describe("approvals", () => {
  it("uses the repository default count and says who can approve when nobody has", async () => {
    const result = await evaluateGate(
      gateInput({ config: config({ approvals: { required: 2 } }), reviews: [] }),
    );
    expect(requirement(result, "approvals").sentence).toBe(
      "`.skyflo/plans/42-scale-web.yaml` needs 2 owner approvals at the current head def5678 and has none. Ask an owner to approve the pull request: @olivia and active members of @acme/platform.",
    );
  });

  it("does not count the same owner twice however many times they approve", async () => {
    const result = await evaluateGate(
      gateInput({
        config: config({ approvals: { required: 2 } }),
        reviews: [review("olivia", "APPROVED"), review("OLIVIA", "APPROVED")],
      }),
    );
    expect(result.approved).toBe(false);
    expect(requirement(result, "approvals").sentence).toContain("and has 1 (@OLIVIA)");
  });

  it("compares the requester case-insensitively and without a leading @", async () => {
    const result = await evaluateGate(gateInput(shapedBy("@OLIVIA")));
    expect(failedIds(result)).toEqual(["approvals"]);
  });

  it("treats a team owner written in another case as the same team", async () => {
    const input = gateInput({
      codeowners: { path: "CODEOWNERS", text: "/.skyflo/plans/ @ACME/Platform\n" },
      reviews: [review("pat", "APPROVED")],
    });
    const result = await evaluateGate(input);
    expect(result.approved).toBe(true);
    expect(input.calls).toEqual([{ org: "ACME", team: "Platform", login: "pat" }]);
  });
});

describe("no-changes-requested", () => {
  it("blocks on a changes request by an active member of an owning team", async () => {
    const result = await evaluateGate(
      gateInput({ reviews: [review("olivia", "APPROVED"), review("quinn", "CHANGES_REQUESTED")] }),
    );
    expect(failedIds(result)).toEqual(["no-changes-requested"]);
  });

  it("propagates a team callback error met while checking a changes request", async () => {
    const input = gateInput({
      reviews: [review("olivia", "APPROVED"), review("someone", "CHANGES_REQUESTED")],
      isActiveTeamMember: async () => {
        throw new Error("team lookup failed");
      },
    });
    await expect(evaluateGate(input)).rejects.toThrow("team lookup failed");
  });
});
