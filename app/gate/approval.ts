// The approval the executor accepts: made only here, by evaluateGate, when every requirement
// passes. The constructor needs a module-private token and instances carry a private brand, so no
// other module can make one, and a copy ({...approval}, JSON, a Proxy) is not one.
import type { GateInput, Requirement } from "./gate-input.ts";
import { type CountedApprover, checkRequirements } from "./requirement-checks.ts";

export interface ApprovalApprover {
  readonly login: string;
  readonly reviewId: number;
  /** When the approving review was submitted. */
  readonly at: string;
}

const ISSUE = Symbol("gate-issues-approval");

class Approval {
  // Brand checked by isApproval; private names do not survive copies or proxies.
  readonly #issued = true;
  /** The digest of the approved plan (target, steps, verify); the executor runs only that plan. */
  readonly planDigest: string;
  /** The head commit the approvals were given at. */
  readonly headSha: string;
  readonly pullRequest: number;
  readonly planPath: string;
  /** The owners whose approvals counted, oldest first. */
  readonly approvers: readonly ApprovalApprover[];

  constructor(
    token: symbol,
    fields: {
      planDigest: string;
      headSha: string;
      pullRequest: number;
      planPath: string;
      approvers: CountedApprover[];
    },
  ) {
    if (token !== ISSUE || !this.#issued) {
      throw new TypeError("Approvals are made only by evaluateGate (app/gate/requirements.ts)");
    }
    this.planDigest = fields.planDigest;
    this.headSha = fields.headSha;
    this.pullRequest = fields.pullRequest;
    this.planPath = fields.planPath;
    this.approvers = Object.freeze(
      fields.approvers.map(({ login, reviewId, at }) => Object.freeze({ login, reviewId, at })),
    );
    Object.freeze(this);
  }

  static isApproval(value: unknown): value is Approval {
    return typeof value === "object" && value !== null && #issued in value;
  }
}

export type { Approval };

/** True only for an Approval that evaluateGate made: not a look-alike object, a spread copy or a proxy. */
export function isApproval(value: unknown): value is Approval {
  return Approval.isApproval(value);
}

export interface GateResult {
  approved: boolean;
  requirements: Requirement[];
  /** Present exactly when approved. */
  approval?: Approval;
}

/**
 * Runs every requirement of the gate (see requirement-checks.ts) and, when all pass, issues the
 * Approval. Throws on malformed input and when input.isActiveTeamMember throws: the caller reports
 * that the gate could not be evaluated, which is never an approval.
 */
export async function evaluateGate(input: GateInput): Promise<GateResult> {
  const check = await checkRequirements(input);
  const requirements = check.requirements.map((r) => Object.freeze({ ...r }));
  const approved = requirements.length > 0 && requirements.every((r) => r.passed === true);
  if (!approved) return { approved: false, requirements };
  if (check.planDigest === undefined || check.approvers.length === 0) {
    // Unreachable while the requirements are right; refuse rather than issue a hollow approval.
    throw new Error(
      "evaluateGate: every requirement passed but there is no digest or approver; this is a bug",
    );
  }
  const approval = new Approval(ISSUE, {
    planDigest: check.planDigest,
    headSha: input.pr.headSha,
    pullRequest: input.pr.number,
    planPath: input.planFile.path,
    approvers: check.approvers,
  });
  return { approved: true, requirements, approval };
}
