// The run record (.skyflo/runs/<plan id>.json): what ran, with which arguments, approved by whom at
// which commit, how it ended and what verification saw. Built from the plan, the gate's approval,
// the executor's step states and the verifier's results; validated by RunRecordSchema.

import { redactSecrets } from "../../tools/shared/redact.ts";
import type { StepState } from "../execute/types.ts";
import type { ApprovalApprover } from "../gate/approval.ts";
import {
  PLAN_API_VERSION,
  type Plan,
  PlanMetadataSchema,
  type RunRecord,
  RunRecordSchema,
  type RunStep,
  type RunVerification,
} from "../plan/index.ts";
import type { Verification } from "../verify/types.ts";
import { redactStepArgs } from "./redact-args.ts";
import type { PriorState } from "./rollback-plan.ts";

/** What the record needs of the gate's Approval (a copy is fine: the record only reports it). */
export interface RecordedApproval {
  planDigest: string;
  headSha: string;
  approvers: readonly ApprovalApprover[];
}

export interface RunRecordInput {
  plan: Plan;
  /** planDigest(plan); must equal approval.planDigest. */
  digest: string;
  approval: RecordedApproval;
  /** The executor's step states (any order; joined with the plan's steps by id). */
  steps: readonly StepState[];
  /** The verifier's result; absent when verification did not run (a failed run, or still running). */
  verification?: Verification;
  startedAt: string;
  /** Absent while the run is in progress. */
  finishedAt?: string;
  /** Why the run stopped or failed (the executor's reason), shown to people. */
  reason?: string;
  /** stepId → the state before the step (priorStateOf its result), for a rollback proposal. */
  before?: Readonly<Record<string, PriorState>>;
}

/** Thrown when the inputs do not describe one run of one approved plan. */
export class RunRecordError extends Error {}

// The schema's limit for summaries, errors and the reason.
const MAX_TEXT = 4000;

function bounded(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const points = Array.from(text);
  return points.length <= MAX_TEXT ? text : `${points.slice(0, MAX_TEXT - 1).join("")}…`;
}

/** Leaves out undefined fields, so the JSON and the strict schema see only what is known. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function recordedSteps(
  plan: Plan,
  states: readonly StepState[],
  finished: boolean,
  before: Readonly<Record<string, PriorState>>,
): RunStep[] {
  const byId = new Map<string, StepState>();
  for (const state of states) {
    if (!plan.steps.some((step) => step.id === state.id)) {
      throw new RunRecordError(
        `step state "${state.id}" is not a step of plan ${plan.metadata.id}; pass the states the executor returned for this plan`,
      );
    }
    if (byId.has(state.id)) {
      throw new RunRecordError(`step "${state.id}" has two states; pass each step's latest state once`);
    }
    byId.set(state.id, state);
  }
  return plan.steps.map((step): RunStep => {
    const state = byId.get(step.id);
    if (state !== undefined && state.tool !== step.tool) {
      throw new RunRecordError(
        `step "${step.id}" ran ${state.tool} but the plan says ${step.tool}; the states belong to another plan`,
      );
    }
    let status = state?.status ?? "pending";
    // A finished run has no step waiting or in flight: one never started, one may or may not have applied.
    if (finished && status === "pending") status = "skipped";
    if (finished && status === "running") status = "unknown";
    return defined({
      id: step.id,
      tool: step.tool,
      args: redactStepArgs(step.tool, step.args),
      status,
      startedAt: state?.startedAt,
      finishedAt: state?.finishedAt,
      durationMs: state?.durationMs,
      resultDigest: state?.resultDigest,
      summary: bounded(state?.summary),
      error: bounded(state?.error),
      before: before[step.id],
    });
  });
}

function recordedVerification(plan: Plan, verification: Verification | undefined): RunVerification[] {
  if (verification === undefined) {
    return plan.verify.map((intent) => ({ id: intent.id, check: intent.check, status: "skipped" }));
  }
  return verification.results.map((result) => ({
    id: result.id,
    check: result.check,
    status: result.status,
    expected: result.expected,
    observed: result.observed,
    durationMs: Math.max(0, Math.round(result.durationMs)),
  }));
}

function outcomeOf(
  plan: Plan,
  steps: RunStep[],
  verification: Verification | undefined,
  finished: boolean,
): RunRecord["outcome"] {
  if (!finished) return "in_progress";
  if (steps.some((step) => step.status !== "succeeded")) return "failed";
  if (verification === undefined) {
    if (plan.verify.length > 0) {
      throw new RunRecordError(
        `every step of plan ${plan.metadata.id} succeeded but no verification was given for its ${plan.verify.length} intent(s); pass the verifier's result, or leave finishedAt out while it runs`,
      );
    }
    return "succeeded";
  }
  return verification.conclusion === "success" ? "succeeded" : "verification_failed";
}

/**
 * The run record of one run of an approved plan. Throws RunRecordError when the inputs do not
 * belong together (another plan's digest or steps) or the result would not validate.
 * Secret-shaped values (a Secret manifest in k8s_apply args) are masked before validation.
 */
export function buildRunRecord(input: RunRecordInput): RunRecord {
  const { plan, digest, approval } = input;
  if (digest !== approval.planDigest) {
    throw new RunRecordError(
      `the plan's digest ${digest} is not the approved digest ${approval.planDigest}; record only the plan that was approved`,
    );
  }
  const finished = input.finishedAt !== undefined;
  const steps = recordedSteps(plan, input.steps, finished, input.before ?? {});
  const value = defined({
    apiVersion: PLAN_API_VERSION,
    kind: "RunRecord" as const,
    planId: plan.metadata.id,
    planDigest: digest,
    request: plan.metadata.request,
    planner: plan.metadata.planner,
    planLabels: plan.metadata.labels,
    approval: {
      headSha: approval.headSha,
      approvers: approval.approvers.map(({ login, reviewId, at }) => ({ login, reviewId, at })),
    },
    steps,
    verification: recordedVerification(plan, input.verification),
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    outcome: outcomeOf(plan, steps, input.verification, finished),
    verificationConclusion: input.verification?.conclusion,
    reason: bounded(input.reason),
  });
  const parsed = RunRecordSchema.safeParse(redactSecrets(value));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`);
    throw new RunRecordError(`the run record of ${plan.metadata.id} is not valid: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/**
 * Where the record of `planId` lives: a "runs" folder next to the plan folder, so the default
 * ".skyflo/plans" gives ".skyflo/runs/<id>.json".
 */
export function runRecordPath(planDirectory: string, planId: string): string {
  if (!PlanMetadataSchema.shape.id.safeParse(planId).success) {
    throw new RunRecordError(
      `"${planId}" is not a plan id ("<issue number>-<slug>"), so it cannot name a run record file`,
    );
  }
  const folder = planDirectory.replace(/\/+$/, "");
  const slash = folder.lastIndexOf("/");
  const parent = slash === -1 ? "" : `${folder.slice(0, slash)}/`;
  return `${parent}runs/${planId}.json`;
}

/** The file's text: the record as 2-space JSON with a trailing newline, keys in schema order. */
export function serializeRunRecord(record: RunRecord): string {
  return `${JSON.stringify(RunRecordSchema.parse(record), null, 2)}\n`;
}
