// Inputs of the renderers. Plain data: the pipeline gathers it, app/render only formats it.
import type { Plan } from "../plan/index.ts";
import type { StepPreview } from "../preview/preview-plan.ts";

export type { StepPreview };

export interface PlanApproval {
  /** Owners of the plan file as CODEOWNERS writes them: "@alice", "@org/team" or an e-mail. */
  owners: string[];
  /** Approvals needed from those owners. */
  required: number;
  /** No CODEOWNERS rule covers the plan file (or the rule lists no owners): it cannot be approved. */
  unowned: boolean;
  /** The CODEOWNERS file read on the base branch, when one was found. */
  codeownersPath?: string;
}

export interface PlanView {
  plan: Plan;
  digest: string;
  /** Path of the plan file in the repository, such as ".skyflo/plans/42-scale-web.yaml". */
  planPath: string;
  /** The plan file's text exactly as committed (writePlan output): review comments anchor on its lines. */
  planYaml: string;
  previews: StepPreview[];
  approval: PlanApproval;
  issue: { number: number; url: string };
}

/** What the PR body carries in its hidden metadata block. */
export interface BodyMetadata {
  planId: string;
  digest: string;
  requester: string;
  issue: number;
}

/**
 * The phases of the one status comment on the issue. A union that grows: issue 4 adds approved,
 * executing, verified and merged (a new member here, a case in renderStatus, a section in the template).
 */
export type StatusState =
  | { phase: "planning" }
  | { phase: "pr-opened"; prUrl: string; planId: string; digest: string; approvers: string[] }
  /** Every requirement of the gate passes at headSha (nothing is executed yet in this version). */
  | { phase: "approved"; prUrl: string; approvers: string[]; headSha: string }
  /** Approved, and the run has started. */
  | { phase: "executing"; prUrl: string; approvers: string[]; headSha: string }
  /** The plan PR was closed (or cancelled) before it ran. */
  | { phase: "closed"; prUrl: string; by?: string }
  /** The gate's requirements not met yet, as sentences. */
  | { phase: "awaiting-approval"; prUrl: string; missing: string[] }
  | { phase: "refused"; reason: string }
  | { phase: "failed"; reason: string }
  /** The plan ran, verification passed and the plan PR (with its run record) was merged. */
  | { phase: "merged"; prUrl: string; digest: string }
  /** The plan was approved but its run failed or did not verify: the PR stays open with the record. */
  | { phase: "failed-run"; prUrl: string; reason: string };

export type ReplyKind = "cannot-plan" | "not-allowed" | "invalid-command" | "invalid-config" | "error";
