// The gate's requirements as data: each one passes or says, in a sentence a person can act on,
// what is missing. Everything fails closed: what cannot be checked does not pass.
import { requiredApprovals } from "../pipeline/required-approvals.ts";
import { CODEOWNERS_MAX_BYTES, type CodeownersError, ownersOf, parseCodeowners } from "./codeowners.ts";
import { assertGateInput, type GateInput, type Requirement, type ReviewInput } from "./gate-input.ts";
import { handle, listing, plural, quoted, shortSha } from "./gate-text.ts";
import { latestOpinionatedReviews, loginKey } from "./latest-reviews.ts";
import { type OwnerMatcher, ownerMatcher } from "./owner-matcher.ts";

/** Every requirement, in the order the pull request shows them. Ids are stable: others key on them. */
export const REQUIREMENT_IDS = [
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
] as const;

export type RequirementId = (typeof REQUIREMENT_IDS)[number];

export interface CountedApprover {
  login: string;
  reviewId: number;
  /** When the approving review was submitted. */
  at: string;
}

export interface RequirementsCheck {
  requirements: Requirement[];
  /** The owners' approvals that count, oldest first. */
  approvers: CountedApprover[];
  /** The plan digest at head, when it equals the one in the body; otherwise undefined. */
  planDigest: string | undefined;
}

const PLAN_DIGEST = /^sha256:[0-9a-f]{64}$/;
const BOT_LOGIN = /\[bot\]$/i;
const MAX_LISTED_FILES = 10;

/** Evaluates every requirement. Throws on malformed input, and when the team callback throws. */
export async function checkRequirements(input: GateInput): Promise<RequirementsCheck> {
  assertGateInput(input);
  const ownership = resolveOwnership(input);
  const matcher = ownership.owners ? ownerMatcher(ownership.owners, input.isActiveTeamMember) : undefined;
  const latest = latestOpinionatedReviews(input.reviews);
  const digest = digestMatches(input);
  const approvals = await approvalsRequirement(input, matcher, latest);
  const requirements: Record<RequirementId, Requirement> = {
    "pr-open": prOpen(input),
    "plan-parses": planParses(input),
    "plan-location": planLocation(input),
    "digest-matches": digest.requirement,
    "plan-attested": planAttested(input),
    "only-plan-changed": onlyPlanChanged(input),
    "codeowners-present": ownership.codeownersPresent,
    "plan-owned": ownership.planOwned,
    approvals: approvals.requirement,
    "no-changes-requested": await noChangesRequested(input, matcher, latest),
  };
  return {
    requirements: REQUIREMENT_IDS.map((id) => requirements[id]),
    approvers: approvals.approvers,
    planDigest: digest.planDigest,
  };
}

const pass = (id: RequirementId, sentence: string): Requirement => ({ id, passed: true, sentence });
const fail = (id: RequirementId, sentence: string): Requirement => ({ id, passed: false, sentence });

const code = (path: string) => `\`${path}\``;
const shortDigest = (digest: string) =>
  PLAN_DIGEST.test(digest) ? `${digest.slice(0, 19)}…` : quoted(digest, 80);

function prOpen({ pr }: GateInput): Requirement {
  if (pr.state === "open") return pass("pr-open", `Pull request #${pr.number} is open.`);
  if (pr.state === "merged") {
    return fail(
      "pr-open",
      `Pull request #${pr.number} is already merged, and a plan never runs from a merged pull request; ask for a new plan with /skyflo on the issue.`,
    );
  }
  return fail(
    "pr-open",
    `Pull request #${pr.number} is closed; a plan runs only from an open pull request — reopen it, or ask for a new plan with /skyflo on the issue.`,
  );
}

function planParses({ planFile, pr }: GateInput): Requirement {
  const where = `${code(planFile.path)} at head ${shortSha(pr.headSha)}`;
  if (planFile.error !== undefined) {
    return fail(
      "plan-parses",
      `The plan file ${where} is not a valid plan: ${planFile.error} — fix the file in this pull request (owners then approve the new head) or ask for /skyflo replan.`,
    );
  }
  if (planFile.digestAtHead === undefined) {
    return fail(
      "plan-parses",
      `The plan file ${where} could not be read, so there is nothing to approve; make sure the file exists in this pull request, or ask for /skyflo replan.`,
    );
  }
  return pass("plan-parses", `The plan file ${where} is a valid plan.`);
}

function planLocation({ planFile, config }: GateInput): Requirement {
  const folder = config.planDirectory.replace(/\/+$/, "");
  const name = planFile.path.startsWith(`${folder}/`) ? planFile.path.slice(folder.length + 1) : undefined;
  if (name !== undefined && /^[^/]+\.ya?ml$/.test(name)) {
    return pass(
      "plan-location",
      `The plan file ${code(planFile.path)} is in the plan folder ${code(`${folder}/`)}.`,
    );
  }
  return fail(
    "plan-location",
    `The plan file ${code(planFile.path)} is not a .yaml file directly in the plan folder ${code(`${folder}/`)} (planDirectory in .github/skyflo.yml), and Skyflo runs only plans kept there; ask for a new plan with /skyflo.`,
  );
}

/**
 * The plan at head is one Skyflo saw: its own record at this commit names the same digest. That
 * record is where the requesters come from — the PR body and the branch can be edited by anyone
 * with write access, a check run only by the app.
 */
function planAttested({ attestation, planFile, pr }: GateInput): Requirement {
  const id = "plan-attested";
  const head = shortSha(pr.headSha);
  if (attestation === undefined) {
    return fail(
      id,
      `Skyflo has no record of the plan at head ${head} (its \`skyflo/plan\` check), so it cannot tell who shaped this plan; Skyflo records every plan it writes and every push it sees — push again, or ask for /skyflo replan.`,
    );
  }
  if (planFile.digestAtHead === undefined || attestation.digest !== planFile.digestAtHead) {
    return fail(
      id,
      `Skyflo's record at head ${head} is for plan ${shortDigest(attestation.digest)}, not the plan file there; ask for /skyflo replan.`,
    );
  }
  return pass(
    id,
    `Skyflo recorded this plan at head ${head}; it was shaped by ${listing(attestation.requesters.map(handle))}.`,
  );
}

function digestMatches({ planFile, bodyDigest, pr }: GateInput): {
  requirement: Requirement;
  planDigest: string | undefined;
} {
  const id = "digest-matches";
  const replan = "ask for /skyflo replan to render the plan and the body again";
  if (bodyDigest === undefined) {
    return {
      requirement: fail(
        id,
        `The pull request body has no plan digest (its hidden Skyflo metadata is missing or was edited), so Skyflo cannot tell which plan was reviewed; ${replan}.`,
      ),
      planDigest: undefined,
    };
  }
  if (!PLAN_DIGEST.test(bodyDigest)) {
    return {
      requirement: fail(
        id,
        `The plan digest in the pull request body, ${quoted(bodyDigest, 80)}, is not a sha256 digest, so the body's metadata was altered; ${replan}.`,
      ),
      planDigest: undefined,
    };
  }
  const atHead = planFile.error === undefined ? planFile.digestAtHead : undefined;
  if (atHead === undefined) {
    return {
      requirement: fail(
        id,
        `Cannot compare the plan with the digest in the pull request body: the plan file does not parse at head ${shortSha(pr.headSha)} (see plan-parses).`,
      ),
      planDigest: undefined,
    };
  }
  if (atHead !== bodyDigest) {
    return {
      requirement: fail(
        id,
        `The plan file ${code(planFile.path)} at head ${shortSha(pr.headSha)} has digest ${shortDigest(atHead)}, but the pull request body says ${shortDigest(bodyDigest)}: the plan was edited after it was rendered, or the body was altered. Revert the edit, or ${replan}; owners then approve the new head.`,
      ),
      planDigest: undefined,
    };
  }
  return {
    requirement: pass(
      id,
      `The plan at head ${shortSha(pr.headSha)} has the digest in the pull request body (${shortDigest(atHead)}).`,
    ),
    planDigest: atHead,
  };
}

function onlyPlanChanged({ changedFiles, planFile }: GateInput): Requirement {
  const id = "only-plan-changed";
  const others = [...new Set(changedFiles.filter((path) => path !== planFile.path))];
  if (others.length > 0) {
    const shown = others.slice(0, MAX_LISTED_FILES).map(code);
    if (others.length > MAX_LISTED_FILES) shown.push(`${others.length - MAX_LISTED_FILES} more`);
    const codeowners = others.some((path) => /(?:^|\/)CODEOWNERS$/.test(path))
      ? " A change to CODEOWNERS takes effect only once it is merged to the base branch; a plan pull request cannot approve itself."
      : "";
    return fail(
      id,
      `This pull request also changes ${listing(shown)}; a plan pull request may change only its plan file ${code(planFile.path)}, so it cannot be approved — move the other changes to a separate pull request.${codeowners}`,
    );
  }
  if (!changedFiles.includes(planFile.path)) {
    return fail(
      id,
      `This pull request does not change the plan file ${code(planFile.path)}, so there is no plan in it to approve; ask for a new plan with /skyflo.`,
    );
  }
  return pass(id, `This pull request changes only its plan file ${code(planFile.path)}.`);
}

interface Ownership {
  codeownersPresent: Requirement;
  planOwned: Requirement;
  /** The plan file's owners from the base CODEOWNERS; undefined when there are none or it is unknown. */
  owners: string[] | undefined;
}

function resolveOwnership({ codeowners, planFile, pr, config }: GateInput): Ownership {
  const folder = `/${config.planDirectory.replace(/\/+$/, "")}/`;
  const example = `${quoted(`${folder} @your-org/your-team`)}`;
  if (codeowners === undefined) {
    return {
      codeownersPresent: fail(
        "codeowners-present",
        `The base commit ${shortSha(pr.baseSha)} has no CODEOWNERS file (looked for .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS), so nobody can approve plans; add one to the base branch with a rule such as ${example}.`,
      ),
      planOwned: fail(
        "plan-owned",
        `Nobody owns ${code(planFile.path)}: there is no CODEOWNERS file on the base commit (see codeowners-present).`,
      ),
      owners: undefined,
    };
  }
  const file = code(codeowners.path);
  const bytes = Buffer.byteLength(codeowners.text, "utf8");
  if (bytes >= CODEOWNERS_MAX_BYTES) {
    return {
      codeownersPresent: fail(
        "codeowners-present",
        `${file} on the base commit ${shortSha(pr.baseSha)} is ${bytes} bytes, and GitHub ignores a CODEOWNERS file of 3 MB or more, so nobody owns anything; make it smaller on the base branch.`,
      ),
      planOwned: fail(
        "plan-owned",
        `Nobody owns ${code(planFile.path)}: the CODEOWNERS file is too large to be used (see codeowners-present).`,
      ),
      owners: undefined,
    };
  }
  const { rules, errors } = parseCodeowners(codeowners.text);
  const codeownersPresent = pass(
    "codeowners-present",
    `Owners come from ${file} at the base commit ${shortSha(pr.baseSha)}, never from this pull request.${errors.length > 0 ? ` GitHub skips ${skippedLines(errors)} of it.` : ""}`,
  );
  const unownedTail = `${errors.length > 0 ? ` GitHub skips ${skippedLines(errors)} of ${file}; one of them may have been meant to own it.` : ""}${
    config.approvals.allowUnowned
      ? " (approvals.allowUnowned is on, but Skyflo cannot yet check who has write access, so an unowned plan still cannot be approved.)"
      : ""
  }`;
  let match: ReturnType<typeof ownersOf>;
  try {
    match = ownersOf(planFile.path, rules);
  } catch (error) {
    return {
      codeownersPresent,
      planOwned: fail("plan-owned", `Cannot tell who owns the plan file: ${(error as Error).message}.`),
      owners: undefined,
    };
  }
  const plan = code(planFile.path);
  if (match === undefined) {
    return {
      codeownersPresent,
      planOwned: fail(
        "plan-owned",
        `No rule in ${file} on the base branch matches ${plan}, so nobody owns it and it cannot be approved; add a rule such as ${example} there.${unownedTail}`,
      ),
      owners: undefined,
    };
  }
  const where = `${file} line ${match.rule.line}, ${quoted(match.rule.pattern)}`;
  if (match.owners.length === 0) {
    return {
      codeownersPresent,
      planOwned: fail(
        "plan-owned",
        `${plan} is unowned: the last rule that matches it (${where}) lists no owners, so it cannot be approved; give that rule owners, or add a later rule with owners, on the base branch.${unownedTail}`,
      ),
      owners: undefined,
    };
  }
  const matcher = ownerMatcher(match.owners, async () => false);
  const emailNote =
    matcher.emails.length > 0
      ? `email owners (${listing(matcher.emails)}) cannot be matched to reviewers' logins, so they cannot approve`
      : "";
  if (!matcher.approvable) {
    return {
      codeownersPresent,
      planOwned: fail(
        "plan-owned",
        `${plan} is owned only by email addresses (${where}): ${emailNote}, so nobody can; list its owners as @user or @org/team on the base branch.`,
      ),
      owners: match.owners,
    };
  }
  return {
    codeownersPresent,
    planOwned: pass(
      "plan-owned",
      `${plan} is owned by ${listing(ownerNames(matcher))} (${where}).${emailNote ? ` Note: ${emailNote}.` : ""}`,
    ),
    owners: match.owners,
  };
}

function skippedLines(errors: readonly CodeownersError[]): string {
  return `${plural(errors.length, "invalid line")} (${listing(errors.slice(0, 10).map((e) => `line ${e.line}`))}${errors.length > 10 ? ", …" : ""})`;
}

function ownerNames(matcher: OwnerMatcher): string[] {
  return [...matcher.users, ...matcher.teams.map((t) => t.written)];
}

function whoCanApprove(matcher: OwnerMatcher): string {
  const people = [...matcher.users, ...matcher.teams.map((t) => `active members of ${t.written}`)];
  return listing(people);
}

async function approvalsRequirement(
  input: GateInput,
  matcher: OwnerMatcher | undefined,
  latest: readonly ReviewInput[],
): Promise<{ requirement: Requirement; approvers: CountedApprover[] }> {
  const id = "approvals";
  const plan = code(input.planFile.path);
  const head = shortSha(input.pr.headSha);
  const required = requiredApprovals(input.config, input.planFile.path);
  const needs = `${plan} needs ${plural(required, "owner approval")} at the current head ${head}`;
  if (matcher === undefined || !matcher.approvable) {
    return {
      requirement: fail(
        id,
        `${needs}, and none can count until it has an owner who can approve (see plan-owned).`,
      ),
      approvers: [],
    };
  }
  const selfAllowed = input.config.approvals.allowSelfApproval;
  const requesters = new Set((input.attestation?.requesters ?? []).map(loginKey));
  if (requesters.size === 0 && !selfAllowed) {
    return {
      requirement: fail(
        id,
        `${needs}, but Skyflo has no record of who asked for or changed the plan at head, so it cannot tell a self-approval from another; push again, or ask for /skyflo replan.`,
      ),
      approvers: [],
    };
  }

  const counted: CountedApprover[] = [];
  const notCounted: string[] = [];
  for (const review of latest) {
    if (review.state !== "APPROVED") continue;
    const who = handle(review.login);
    if (review.isBot || BOT_LOGIN.test(review.login)) {
      notCounted.push(`${who} is a bot, and bots cannot approve plans.`);
    } else if (!selfAllowed && requesters.has(loginKey(review.login))) {
      notCounted.push(
        `${who} asked for or changed this plan and cannot also approve it (approvals.allowSelfApproval is off); ask another owner.`,
      );
    } else if (!(await matcher.isOwner(review.login))) {
      const teams =
        matcher.teams.length > 0 ? " Team owners count only while they are active members of the team." : "";
      const emails =
        matcher.emails.length > 0 ? " Email owners cannot be matched to logins, so they cannot approve." : "";
      notCounted.push(
        `${who} is not an owner of ${plan} (owners: ${ownerNames(matcher).join(", ")}).${teams}${emails}`,
      );
    } else if (review.commitId.toLowerCase() !== input.pr.headSha.toLowerCase()) {
      notCounted.push(
        `${who} approved an older commit (${shortSha(review.commitId)}); approvals count only at the current head ${head} — ask an owner to approve again.`,
      );
    } else {
      counted.push({ login: review.login, reviewId: review.id, at: review.submittedAt });
    }
  }
  const names = listing(counted.map((a) => handle(a.login)));
  if (counted.length >= required) {
    return {
      requirement: pass(
        id,
        `${plan} has ${counted.length} of ${required} required owner approval${required === 1 ? "" : "s"} at head ${head}: ${names}.`,
      ),
      approvers: counted,
    };
  }
  const has = counted.length === 0 ? "has none" : `has ${counted.length} (${names})`;
  const ask =
    notCounted.length === 0
      ? ` Ask an owner to approve the pull request: ${whoCanApprove(matcher)}.`
      : ` Owners who can approve: ${whoCanApprove(matcher)}.`;
  return {
    requirement: fail(id, `${needs} and ${has}.${notCounted.map((s) => ` ${s}`).join("")}${ask}`),
    approvers: counted,
  };
}

async function noChangesRequested(
  input: GateInput,
  matcher: OwnerMatcher | undefined,
  latest: readonly ReviewInput[],
): Promise<Requirement> {
  const id = "no-changes-requested";
  const plan = code(input.planFile.path);
  const requests = latest.filter((review) => review.state === "CHANGES_REQUESTED");
  const describe = (review: ReviewInput) =>
    `${handle(review.login)} requested changes (review ${review.id} at ${shortSha(review.commitId)})`;
  if (matcher === undefined || !matcher.approvable) {
    // Without owners nobody can be cleared as a non-owner: every standing request blocks.
    if (requests.length === 0) return pass(id, "Nobody has a standing request for changes.");
    return fail(
      id,
      `${listing(requests.map(describe))}; until ${plan} has owners Skyflo cannot tell whether that is an owner, so it blocks — resolve it, or dismiss the review.`,
    );
  }
  const blocking: ReviewInput[] = [];
  const ignored: ReviewInput[] = [];
  for (const review of requests) {
    if (await matcher.isOwner(review.login)) blocking.push(review);
    else ignored.push(review);
  }
  if (blocking.length > 0) {
    return fail(
      id,
      blocking
        .map(
          (review) =>
            `${describe(review)}, as an owner of ${plan}; the plan cannot run until ${handle(review.login)} approves the current head or that review is dismissed.`,
        )
        .join(" "),
    );
  }
  const note =
    ignored.length > 0
      ? ` (${listing(ignored.map((r) => handle(r.login)))} requested changes but ${ignored.length === 1 ? "is not an owner" : "are not owners"}, so that does not block.)`
      : "";
  return pass(id, `No owner of ${plan} has a standing request for changes.${note}`);
}
