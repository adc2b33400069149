// The adversarial cases of issue 4, at the gate: each one is refused (or, where the repository
// allows it, accepted) with a sentence that says what happened and what to do.
import { describe, expect, it } from "vitest";
import {
  evaluateGate,
  type GateInput,
  type GateResult,
  isApproval,
  type Requirement,
} from "../../../app/gate/requirements.ts";
import {
  BASE_CODEOWNERS,
  config,
  DIGEST,
  digestOf,
  gateInput,
  HEAD,
  OLD_HEAD,
  PLAN_PATH,
  review,
  shapedBy,
} from "./gate-fixture.ts";

function requirement(result: GateResult, id: string): Requirement {
  const found = result.requirements.find((r) => r.id === id);
  expect(found, `requirement ${id}`).toBeDefined();
  return found as Requirement;
}

function failedIds(result: GateResult): string[] {
  return result.requirements.filter((r) => !r.passed).map((r) => r.id);
}

/** Asserts the gate refused for exactly these requirements, and issued nothing. */
function expectRefused(result: GateResult, ids: string[]): void {
  expect(failedIds(result)).toEqual(ids);
  expect(result.approved).toBe(false);
  expect(result.approval).toBeUndefined();
}

const plan = `\`${PLAN_PATH}\``;

describe("the gate, adversarial cases", () => {
  it("approves the untouched plan PR approved by an owner at head (the baseline every case bends)", async () => {
    const input = gateInput();
    const result = await evaluateGate(input);
    expect(failedIds(result)).toEqual([]);
    expect(result.approved).toBe(true);
    expect(isApproval(result.approval)).toBe(true);
    expect(result.approval?.planDigest).toBe(DIGEST);
    expect(result.approval?.headSha).toBe(HEAD);
    const [olivia] = input.reviews;
    expect(result.approval?.approvers).toEqual([
      { login: "olivia", reviewId: olivia?.id, at: olivia?.submittedAt },
    ]);
  });

  it("does not count an approval by someone who is not an owner of the plan file", async () => {
    const result = await evaluateGate(gateInput({ reviews: [review("mallory", "APPROVED")] }));
    expectRefused(result, ["approvals"]);
    expect(requirement(result, "approvals").sentence).toContain(
      `@mallory is not an owner of ${plan} (owners: @olivia, @acme/platform).`,
    );
    // @default-owner owns everything else, but the later plan rule wins for the plan file.
    const other = await evaluateGate(gateInput({ reviews: [review("default-owner", "APPROVED")] }));
    expectRefused(other, ["approvals"]);
  });

  it("does not count the requester's own approval, even when the requester is an owner", async () => {
    const result = await evaluateGate(
      gateInput({ ...shapedBy("Olivia"), reviews: [review("olivia", "APPROVED")] }),
    );
    expectRefused(result, ["approvals"]);
    expect(requirement(result, "approvals").sentence).toContain(
      "@olivia asked for or changed this plan and cannot also approve it (approvals.allowSelfApproval is off); ask another owner.",
    );
  });

  it("counts the requester's approval when the repository sets allowSelfApproval", async () => {
    const result = await evaluateGate(
      gateInput({
        ...shapedBy("olivia"),
        config: config({ approvals: { allowSelfApproval: true } }),
        reviews: [review("olivia", "APPROVED")],
      }),
    );
    expect(result.approved).toBe(true);
    expect(result.approval?.approvers.map((a) => a.login)).toEqual(["olivia"]);
  });

  it("does not count a bot's approval: a login ending in [bot], or a review marked isBot", async () => {
    // Even a bot listed as an owner cannot approve.
    const codeowners = { path: ".github/CODEOWNERS", text: "/.skyflo/plans/ @olivia @skyflo-helper\n" };
    const byName = await evaluateGate(
      gateInput({ codeowners, reviews: [review("renovate[bot]", "APPROVED", { isBot: false })] }),
    );
    expectRefused(byName, ["approvals"]);
    expect(requirement(byName, "approvals").sentence).toContain(
      "@renovate[bot] is a bot, and bots cannot approve plans.",
    );
    const byFlag = await evaluateGate(
      gateInput({ codeowners, reviews: [review("skyflo-helper", "APPROVED", { isBot: true })] }),
    );
    expectRefused(byFlag, ["approvals"]);
    expect(requirement(byFlag, "approvals").sentence).toContain("@skyflo-helper is a bot");
  });

  it("does not count a pending member of an owning team (the callback says not active)", async () => {
    const input = gateInput({ reviews: [review("pete", "APPROVED")] });
    const result = await evaluateGate(input);
    expectRefused(result, ["approvals"]);
    expect(input.calls).toEqual([{ org: "acme", team: "platform", login: "pete" }]);
    expect(requirement(result, "approvals").sentence).toContain(
      "@pete is not an owner of `.skyflo/plans/42-scale-web.yaml` (owners: @olivia, @acme/platform). Team owners count only while they are active members of the team.",
    );
  });

  it("counts an active member of an owning team, comparing logins case-insensitively", async () => {
    const input = gateInput({ reviews: [review("QUINN", "APPROVED")] });
    const result = await evaluateGate(input);
    expect(result.approved).toBe(true);
    expect(result.approval?.approvers.map((a) => a.login)).toEqual(["QUINN"]);
  });

  it("only counts the callback's literal true: a truthy non-boolean answer is not membership", async () => {
    const input = gateInput({
      reviews: [review("pat", "APPROVED")],
      isActiveTeamMember: async () => "yes" as unknown as boolean,
    });
    expectRefused(await evaluateGate(input), ["approvals"]);
  });

  it("lets an error from the team callback propagate: an unchecked membership is never an approval", async () => {
    const input = gateInput({
      reviews: [review("pat", "APPROVED")],
      isActiveTeamMember: async () => {
        throw new Error("GitHub API: 502 Bad Gateway");
      },
    });
    await expect(evaluateGate(input)).rejects.toThrow("GitHub API: 502 Bad Gateway");
  });

  it("voids an approval when a new commit is pushed (head moved)", async () => {
    const result = await evaluateGate(
      gateInput({ reviews: [review("olivia", "APPROVED", { commitId: OLD_HEAD })] }),
    );
    expectRefused(result, ["approvals"]);
    expect(requirement(result, "approvals").sentence).toContain(
      "@olivia approved an older commit (abc1234); approvals count only at the current head def5678 — ask an owner to approve again.",
    );
  });

  it("blocks on an owner's CHANGES_REQUESTED given after another owner approved", async () => {
    const input = gateInput({ reviews: [review("olivia", "APPROVED"), review("pat", "CHANGES_REQUESTED")] });
    const result = await evaluateGate(input);
    expectRefused(result, ["no-changes-requested"]);
    const sentence = requirement(result, "no-changes-requested").sentence;
    expect(sentence).toContain("@pat requested changes");
    expect(sentence).toContain(
      "the plan cannot run until @pat approves the current head or that review is dismissed",
    );
  });

  it("blocks when the approving owner later requests changes (their latest review wins)", async () => {
    const result = await evaluateGate(
      gateInput({ reviews: [review("olivia", "APPROVED"), review("olivia", "CHANGES_REQUESTED")] }),
    );
    expectRefused(result, ["approvals", "no-changes-requested"]);
  });

  it("keeps blocking on an owner's changes request made at an older commit until it is resolved", async () => {
    const result = await evaluateGate(
      gateInput({
        reviews: [review("pat", "CHANGES_REQUESTED", { commitId: OLD_HEAD }), review("olivia", "APPROVED")],
      }),
    );
    expectRefused(result, ["no-changes-requested"]);
    expect(requirement(result, "no-changes-requested").sentence).toContain("at abc1234");
  });

  it("does not block on a non-owner's changes request, and says so", async () => {
    const result = await evaluateGate(
      gateInput({ reviews: [review("olivia", "APPROVED"), review("mallory", "CHANGES_REQUESTED")] }),
    );
    expect(result.approved).toBe(true);
    expect(requirement(result, "no-changes-requested").sentence).toContain(
      "@mallory requested changes but is not an owner, so that does not block.",
    );
  });

  it("does not count an approval that was later dismissed", async () => {
    // GitHub turns the dismissed review itself into DISMISSED; a later DISMISSED also overrides.
    const approved = review("olivia", "APPROVED");
    const dismissedInPlace = await evaluateGate(
      gateInput({ reviews: [{ ...approved, state: "DISMISSED" }] }),
    );
    expectRefused(dismissedInPlace, ["approvals"]);
    expect(requirement(dismissedInPlace, "approvals").sentence).toContain("has none");
    const dismissedLater = await evaluateGate(
      gateInput({ reviews: [approved, review("olivia", "DISMISSED")] }),
    );
    expectRefused(dismissedLater, ["approvals"]);
  });

  it("stops blocking once an owner's changes request is dismissed", async () => {
    const result = await evaluateGate(
      gateInput({ reviews: [review("olivia", "APPROVED"), review("pat", "DISMISSED")] }),
    );
    expect(result.approved).toBe(true);
  });

  it("takes each reviewer's latest opinionated review: APPROVED after CHANGES_REQUESTED counts", async () => {
    const result = await evaluateGate(
      gateInput({ reviews: [review("olivia", "CHANGES_REQUESTED"), review("olivia", "APPROVED")] }),
    );
    expect(result.approved).toBe(true);
  });

  it("ignores COMMENTED and PENDING reviews: a comment after an approval keeps the approval", async () => {
    const approved = review("olivia", "APPROVED");
    const result = await evaluateGate(
      gateInput({
        reviews: [
          review("olivia", "COMMENTED"),
          review("olivia", "PENDING"),
          approved,
          review("olivia", "COMMENTED"),
        ],
      }),
    );
    expect(result.approved).toBe(true);
    expect(result.approval?.approvers).toEqual([
      { login: "olivia", reviewId: approved.id, at: approved.submittedAt },
    ]);
  });

  it("orders reviews by submission time, not by list order, grouping logins case-insensitively", async () => {
    const first = review("Olivia", "APPROVED");
    const later = review("olivia", "CHANGES_REQUESTED");
    const result = await evaluateGate(gateInput({ reviews: [later, first] }));
    expectRefused(result, ["approvals", "no-changes-requested"]);
  });

  it("refuses a PR that changes CODEOWNERS itself, and takes owners from the base commit only", async () => {
    // The head's CODEOWNERS would make @mallory an owner; the gate only ever sees the base's.
    const result = await evaluateGate(
      gateInput({
        changedFiles: [PLAN_PATH, ".github/CODEOWNERS"],
        codeowners: { path: ".github/CODEOWNERS", text: BASE_CODEOWNERS },
        reviews: [review("mallory", "APPROVED")],
      }),
    );
    expectRefused(result, ["only-plan-changed", "approvals"]);
    const sentence = requirement(result, "only-plan-changed").sentence;
    expect(sentence).toContain("This pull request also changes `.github/CODEOWNERS`");
    expect(sentence).toContain("a plan pull request cannot approve itself");
    expect(requirement(result, "approvals").sentence).toContain("@mallory is not an owner");
    // Even with an owner's approval, the extra file keeps it refused.
    const owned = await evaluateGate(gateInput({ changedFiles: [PLAN_PATH, ".github/CODEOWNERS"] }));
    expectRefused(owned, ["only-plan-changed"]);
  });

  it("refuses a PR that changes any other file besides the plan (a workflow, say)", async () => {
    const result = await evaluateGate(
      gateInput({ changedFiles: [PLAN_PATH, ".github/workflows/deploy.yml", "k8s/web.yaml"] }),
    );
    expectRefused(result, ["only-plan-changed"]);
    expect(requirement(result, "only-plan-changed").sentence).toContain(
      "also changes `.github/workflows/deploy.yml` and `k8s/web.yaml`",
    );
  });

  it("refuses a plan file edited after approval: the head digest no longer matches the body", async () => {
    const edited = digestOf("plan 42 with replicas: 50");
    const result = await evaluateGate(
      gateInput({
        planFile: { path: PLAN_PATH, digestAtHead: edited },
        reviews: [review("olivia", "APPROVED", { commitId: OLD_HEAD })],
      }),
    );
    expectRefused(result, ["digest-matches", "plan-attested", "approvals"]);
    const sentence = requirement(result, "digest-matches").sentence;
    expect(sentence).toContain(
      `has digest ${edited.slice(0, 19)}…, but the pull request body says ${DIGEST.slice(0, 19)}…`,
    );
    expect(sentence).toContain("ask for /skyflo replan");
  });

  it("refuses a tampered body digest, a missing one and a malformed one", async () => {
    const tampered = await evaluateGate(gateInput({ bodyDigest: digestOf("another plan") }));
    expectRefused(tampered, ["digest-matches"]);
    const missing = await evaluateGate(gateInput({ bodyDigest: undefined }));
    expectRefused(missing, ["digest-matches"]);
    expect(requirement(missing, "digest-matches").sentence).toContain("has no plan digest");
    const malformed = await evaluateGate(gateInput({ bodyDigest: "sha256:123" }));
    expectRefused(malformed, ["digest-matches"]);
    expect(requirement(malformed, "digest-matches").sentence).toContain(
      '"sha256:123", is not a sha256 digest',
    );
  });

  it("refuses equal digests that are not sha256 digests (two empty strings are not a match)", async () => {
    const result = await evaluateGate(
      gateInput({ bodyDigest: "", planFile: { path: PLAN_PATH, digestAtHead: "" } }),
    );
    expect(failedIds(result)).toContain("digest-matches");
    expect(result.approval).toBeUndefined();
  });

  it("with two approvals required by a per-path rule, refuses when one of the two is stale", async () => {
    const twoForPlans = config({ approvals: { rules: [{ paths: [".skyflo/plans/**"], required: 2 }] } });
    const result = await evaluateGate(
      gateInput({
        config: twoForPlans,
        reviews: [review("olivia", "APPROVED"), review("pat", "APPROVED", { commitId: OLD_HEAD })],
      }),
    );
    expectRefused(result, ["approvals"]);
    expect(requirement(result, "approvals").sentence).toBe(
      `${plan} needs 2 owner approvals at the current head def5678 and has 1 (@olivia). @pat approved an older commit (abc1234); approvals count only at the current head def5678 — ask an owner to approve again. Owners who can approve: @olivia and active members of @acme/platform.`,
    );
    const both = await evaluateGate(
      gateInput({ config: twoForPlans, reviews: [review("olivia", "APPROVED"), review("pat", "APPROVED")] }),
    );
    expect(both.approved).toBe(true);
    expect(both.approval?.approvers.map((a) => a.login)).toEqual(["olivia", "pat"]);
  });

  it("refuses a closed or merged PR", async () => {
    const closed = await evaluateGate(gateInput({ pr: { ...gateInput().pr, state: "closed" } }));
    expectRefused(closed, ["pr-open"]);
    expect(requirement(closed, "pr-open").sentence).toContain("Pull request #7 is closed");
    const merged = await evaluateGate(gateInput({ pr: { ...gateInput().pr, state: "merged" } }));
    expectRefused(merged, ["pr-open"]);
    expect(requirement(merged, "pr-open").sentence).toContain("already merged");
  });

  it("refuses when the base branch has no CODEOWNERS, saying where it looked", async () => {
    const result = await evaluateGate(gateInput({ codeowners: undefined }));
    expectRefused(result, ["codeowners-present", "plan-owned", "approvals"]);
    expect(requirement(result, "codeowners-present").sentence).toBe(
      'The base commit bead000 has no CODEOWNERS file (looked for .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS), so nobody can approve plans; add one to the base branch with a rule such as "/.skyflo/plans/ @your-org/your-team".',
    );
  });

  it("refuses an unowned plan file (the last matching rule lists no owners), also with allowUnowned", async () => {
    const codeowners = { path: "CODEOWNERS", text: "/.skyflo/ @olivia\n/.skyflo/plans/\n" };
    const result = await evaluateGate(gateInput({ codeowners }));
    expectRefused(result, ["plan-owned", "approvals"]);
    expect(requirement(result, "plan-owned").sentence).toContain(
      `${plan} is unowned: the last rule that matches it (\`CODEOWNERS\` line 2, "/.skyflo/plans/") lists no owners`,
    );
    const allowed = await evaluateGate(
      gateInput({ codeowners, config: config({ approvals: { allowUnowned: true } }) }),
    );
    expectRefused(allowed, ["plan-owned", "approvals"]);
    expect(requirement(allowed, "plan-owned").sentence).toContain("approvals.allowUnowned is on, but");
  });

  it("refuses a plan file no rule matches", async () => {
    const result = await evaluateGate(
      gateInput({ codeowners: { path: "CODEOWNERS", text: "/k8s/ @olivia\n" } }),
    );
    expectRefused(result, ["plan-owned", "approvals"]);
    expect(requirement(result, "plan-owned").sentence).toContain(
      `No rule in \`CODEOWNERS\` on the base branch matches ${plan}, so nobody owns it`,
    );
  });

  it("cannot match email owners to reviewers: email-only ownership is refused, mixed ownership says why", async () => {
    const emailOnly = { path: "CODEOWNERS", text: "/.skyflo/plans/ olivia@acme.example\n" };
    const refused = await evaluateGate(gateInput({ codeowners: emailOnly }));
    expectRefused(refused, ["plan-owned", "approvals"]);
    expect(requirement(refused, "plan-owned").sentence).toContain(
      'is owned only by email addresses (`CODEOWNERS` line 1, "/.skyflo/plans/"): email owners (olivia@acme.example) cannot be matched to reviewers\' logins',
    );
    const mixed = { path: "CODEOWNERS", text: "/.skyflo/plans/ olivia@acme.example @pat\n" };
    const olivia = await evaluateGate(gateInput({ codeowners: mixed }));
    expectRefused(olivia, ["approvals"]);
    expect(requirement(olivia, "approvals").sentence).toContain(
      "@olivia is not an owner of `.skyflo/plans/42-scale-web.yaml` (owners: @pat). Email owners cannot be matched to logins, so they cannot approve.",
    );
  });

  it("refuses a plan file that does not parse at head, quoting the error", async () => {
    const error = 'steps[0].args.replicas: expected an integer, got "five" (line 12)';
    const result = await evaluateGate(
      gateInput({ planFile: { path: PLAN_PATH, digestAtHead: undefined, error } }),
    );
    expectRefused(result, ["plan-parses", "digest-matches", "plan-attested"]);
    expect(requirement(result, "plan-parses").sentence).toBe(
      `The plan file ${plan} at head def5678 is not a valid plan: ${error} — fix the file in this pull request (owners then approve the new head) or ask for /skyflo replan.`,
    );
  });

  it("refuses a plan with a parse error even if a digest was also passed", async () => {
    const result = await evaluateGate(
      gateInput({ planFile: { path: PLAN_PATH, digestAtHead: DIGEST, error: "duplicate step id" } }),
    );
    expectRefused(result, ["plan-parses", "digest-matches"]);
  });
});

describe("the gate, input it must not guess about", () => {
  it("throws on malformed input instead of deciding (an empty head SHA would match empty commit ids)", async () => {
    const input = gateInput();
    const bad = { ...input, pr: { ...input.pr, headSha: "" } } as GateInput;
    await expect(evaluateGate(bad)).rejects.toThrow(/invalid input[\s\S]*pr\.headSha/);
    await expect(evaluateGate({ ...input, reviews: "olivia" } as unknown as GateInput)).rejects.toThrow(
      TypeError,
    );
  });

  it("throws when an opinionated review has no submission time to order it by", async () => {
    const input = gateInput({ reviews: [review("olivia", "APPROVED", { submittedAt: "yesterday" })] });
    await expect(evaluateGate(input)).rejects.toThrow(
      /review \d+ by @olivia \(APPROVED\) has submittedAt "yesterday"/,
    );
  });

  it("refuses when Skyflo has no record of the plan at head (a push it did not see)", async () => {
    const result = await evaluateGate(gateInput({ attestation: undefined }));
    expectRefused(result, ["plan-attested", "approvals"]);
    expect(requirement(result, "plan-attested").sentence).toContain(
      "Skyflo has no record of the plan at head",
    );
    expect(requirement(result, "approvals").sentence).toContain(
      "Skyflo has no record of who asked for or changed the plan at head",
    );
  });

  it("refuses when Skyflo's record at head is for another plan than the file there", async () => {
    const other = `sha256:${"e".repeat(64)}`;
    const result = await evaluateGate(gateInput({ attestation: { digest: other, requesters: ["alice"] } }));
    expectRefused(result, ["plan-attested"]);
    expect(requirement(result, "plan-attested").sentence).toContain("not the plan file there");
  });

  it("does not count the approval of someone who pushed to the plan (a recorded requester who is not the asker)", async () => {
    const result = await evaluateGate(gateInput({ ...shapedBy("alice", "olivia") }));
    expectRefused(result, ["approvals"]);
    expect(requirement(result, "approvals").sentence).toContain(
      "@olivia asked for or changed this plan and cannot also approve it",
    );
  });
});
