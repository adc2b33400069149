import { z } from "zod";
import { JsonObjectSchema, JsonValueSchema } from "./json-value.ts";

// Messages written as "expected …" get the offending value appended when shown to a person
// (see issue-messages.ts), so they read "expected …, got "Scale_Web"".

export const PLAN_API_VERSION = "skyflo/v1";
export const MAX_STEPS = 50;
export const MAX_VERIFY = 50;
export const MAX_REQUEST_TEXT = 4000;
export const MAX_REASON_TEXT = 2000;
export const MAX_LABELS = 32;
export const DEFAULT_CLUSTER = "default";
export const DEFAULT_VERIFY_TIMEOUT_SECONDS = 300;
export const MAX_VERIFY_TIMEOUT_SECONDS = 3600;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PLAN_ID = /^[1-9][0-9]*-[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TOOL_NAME = /^[a-z][a-z0-9_]*$/;
// GitHub logins and GitLab usernames; GitHub Apps act as "<name>[bot]".
const FORGE_LOGIN = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\[bot\])?$/;
const PLANNER = /^(rules|llm:[A-Za-z0-9][A-Za-z0-9._:/@+-]*)$/;
const LABEL_KEY = /^[a-z0-9]([-a-z0-9._/]*[a-z0-9])?$/;
const GIT_SHA = /^[0-9a-f]{40}$/;
const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
const NOT_BLANK = /\S/;

const dnsLabel = () =>
  z.string().max(63).regex(DNS_LABEL, {
    error:
      "expected a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit",
  });

const toolName = () =>
  z.string().max(64).regex(TOOL_NAME, {
    error: "expected a name of lower-case letters, digits and '_', starting with a letter",
  });

// One rule for "empty" and "only spaces", so a blank value gets one message, not two.
const text = (max: number) =>
  z.string().max(max).regex(NOT_BLANK, { error: "expected text that is not empty or only spaces" });

const isoDateTime = () =>
  z.iso.datetime({
    offset: true,
    error: 'expected an ISO-8601 date and time with a time zone, such as "2026-11-25T10:00:00Z"',
  });

export const ForgeLoginSchema = z
  .string()
  .max(255)
  .regex(FORGE_LOGIN, {
    error: "expected a forge login: letters, digits, '.', '_' and '-' (a bot may end in \"[bot]\")",
  })
  .describe("Login of a user on the forge (GitHub or GitLab).");

export const PlanRequestSchema = z
  .strictObject({
    text: text(MAX_REQUEST_TEXT).describe("The request as written after /skyflo."),
    by: ForgeLoginSchema.describe("Login of the person who asked."),
    url: z
      .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
      .max(2048)
      .describe("Link to the comment that asked."),
  })
  .describe("Who asked for this plan, what they wrote, and where.");

export const PlanMetadataSchema = z
  .strictObject({
    id: z
      .string()
      .max(63)
      .regex(PLAN_ID, {
        error:
          'expected "<issue number>-<slug>" in lower case, such as "42-scale-web" (the slug: letters, digits and \'-\')',
      })
      .describe("Issue number and slug, unique in the repository; names the plan and run files."),
    request: PlanRequestSchema,
    planner: z
      .string()
      .max(200)
      .regex(PLANNER, { error: 'expected "rules" or "llm:<model>", such as "llm:gpt-4o-mini"' })
      .describe('Which planner wrote the plan: "rules" or "llm:<model>".'),
    createdAt: isoDateTime().describe("When the plan was made (ISO-8601)."),
    labels: z
      .record(
        z.string().max(63).regex(LABEL_KEY, {
          error: "expected a label key: lower-case letters, digits, '-', '.', '_' and '/'",
        }),
        z.string().max(256),
      )
      .refine((labels) => Object.keys(labels).length <= MAX_LABELS, {
        error: `expected at most ${MAX_LABELS} labels`,
      })
      .optional()
      .describe("Free-form labels for tooling (search, dashboards). Never affect what executes."),
  })
  .describe("Describes the plan. Not part of the digest: approval binds to what executes.");

export const PlanTargetSchema = z
  .strictObject({
    cluster: dnsLabel()
      .default(DEFAULT_CLUSTER)
      .describe("Name of the cluster, as configured on the Skyflo server."),
  })
  .describe("Where the steps run.");

export const PlanStepSchema = z
  .strictObject({
    id: dnsLabel().describe("Step id, unique within the plan."),
    tool: toolName().describe("Name of the tool to call."),
    args: JsonObjectSchema.describe("Fully specified arguments of the tool call."),
    reason: text(MAX_REASON_TEXT).describe("Why this step is needed, for reviewers."),
  })
  .describe("One tool call. Steps run in order; the first failure stops the run.");

export const PlanVerifySchema = z
  .strictObject({
    id: dnsLabel().describe("Check id, unique within the plan."),
    check: toolName().describe("Name of the check to evaluate."),
    args: JsonObjectSchema.describe("Fully specified arguments of the check."),
    timeoutSeconds: z
      .int()
      .min(1)
      .max(MAX_VERIFY_TIMEOUT_SECONDS)
      .default(DEFAULT_VERIFY_TIMEOUT_SECONDS)
      .describe("How long to wait for the check to pass."),
  })
  .describe("An intent to verify against the cluster after the steps ran.");

/**
 * Step and verify ids share one namespace so that "scale-web" names one thing in the PR,
 * the check runs and the run record. Written defensively: it also runs on malformed input,
 * so that a duplicate is reported together with the other mistakes.
 */
function reportDuplicateIds(value: unknown, ctx: z.RefinementCtx): void {
  if (typeof value !== "object" || value === null) return;
  const firstUse = new Map<string, string>();
  for (const list of ["steps", "verify"] as const) {
    const items = (value as Record<string, unknown>)[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id !== "string") return;
      const here = `${list}[${index}]`;
      const first = firstUse.get(id);
      if (first === undefined) {
        firstUse.set(id, here);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: [list, index, "id"],
        input: id,
        message: `duplicate id "${id}": ${first} already uses it; step and verify ids must be unique within the plan`,
      });
    });
  }
}

export const PlanSchema = z
  .strictObject({
    apiVersion: z.literal(PLAN_API_VERSION),
    kind: z.literal("Plan"),
    metadata: PlanMetadataSchema,
    target: PlanTargetSchema.default({ cluster: DEFAULT_CLUSTER }),
    steps: z.array(PlanStepSchema).min(1).max(MAX_STEPS),
    verify: z.array(PlanVerifySchema).max(MAX_VERIFY).default([]),
  })
  .superRefine(reportDuplicateIds, { when: () => true })
  .describe(
    "A Skyflo plan: the only thing Skyflo executes. Approval binds to the digest of target, steps and verify.",
  );

export type Plan = z.output<typeof PlanSchema>;
/** What a plan file may omit (defaults) before parsing. */
export type PlanInput = z.input<typeof PlanSchema>;
export type PlanRequest = z.output<typeof PlanRequestSchema>;
export type PlanMetadata = z.output<typeof PlanMetadataSchema>;
export type PlanTarget = z.output<typeof PlanTargetSchema>;
export type PlanStep = z.output<typeof PlanStepSchema>;
export type PlanVerify = z.output<typeof PlanVerifySchema>;

// ---- Run record: .skyflo/runs/<plan id>.json -------------------------------------------

export const PlanDigestSchema = z
  .string()
  .regex(SHA256_DIGEST, { error: 'expected "sha256:" followed by 64 lower-case hex digits' });

export const ApproverSchema = z.strictObject({
  login: ForgeLoginSchema,
  reviewId: z
    .int()
    .min(1)
    .optional()
    .describe("Id of the approving review on the forge (GitHub); forges without review ids leave it out."),
  at: isoDateTime().describe("When the approving review was submitted."),
});

export const RunStepSchema = z.strictObject({
  id: dnsLabel(),
  tool: toolName(),
  args: JsonObjectSchema.describe("Arguments exactly as executed."),
  // pending/running only in a record of a run in progress (the refinement below).
  status: z.enum(["pending", "running", "succeeded", "failed", "skipped", "unknown"]),
  startedAt: isoDateTime().optional().describe("Absent for steps that never started (pending, skipped)."),
  finishedAt: isoDateTime().optional(),
  durationMs: z.int().min(0).optional(),
  resultDigest: PlanDigestSchema.optional().describe("sha256 of the canonical JSON of the tool result."),
  summary: z.string().max(4000).optional(),
  error: z.string().max(4000).optional(),
  before: z
    .strictObject({
      previousReplicas: z.int().min(0).optional(),
      previousImage: z.string().max(1024).optional(),
      container: z.string().max(253).optional(),
      fromRevision: z.int().min(0).optional(),
    })
    .optional()
    .describe("What the step's target looked like before it ran, where a rollback needs it."),
});

export const RunVerificationSchema = z.strictObject({
  id: dnsLabel(),
  check: toolName(),
  status: z.enum(["passed", "failed", "timed_out", "skipped"]),
  expected: JsonValueSchema.optional(),
  observed: JsonValueSchema.optional(),
  durationMs: z.int().min(0).optional(),
});

function reportRunRecordInconsistencies(value: unknown, ctx: z.RefinementCtx): void {
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  for (const list of ["steps", "verification"] as const) {
    const items = record[list];
    if (!Array.isArray(items)) continue;
    const seen = new Set<unknown>();
    items.forEach((item: unknown, index) => {
      const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
      if (seen.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: [list, index, "id"],
          input: id,
          message: `duplicate id "${String(id)}" in ${list}`,
        });
      }
      seen.add(id);
    });
  }
  const inProgress = record.outcome === "in_progress";
  if (Array.isArray(record.steps)) {
    record.steps.forEach((step: unknown, index) => {
      if (typeof step !== "object" || step === null) return;
      const { status, startedAt } = step as { status?: unknown; startedAt?: unknown };
      if (!inProgress && (status === "pending" || status === "running")) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", index, "status"],
          input: status,
          message: `a finished run cannot have a step "${String(status)}": record it as "skipped" (never started) or "unknown" (in flight)`,
        });
      }
      if (
        (status === "running" || status === "succeeded" || status === "failed") &&
        startedAt === undefined
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", index, "startedAt"],
          message: `a step that is "${String(status)}" needs startedAt`,
        });
      }
    });
  }
  if (!inProgress && record.finishedAt === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["finishedAt"],
      message: `a finished run (outcome "${String(record.outcome)}") needs finishedAt`,
    });
  }
  if (inProgress && record.finishedAt !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["finishedAt"],
      message: 'a run with outcome "in_progress" cannot have finishedAt',
    });
  }
}

export const RunRecordSchema = z
  .strictObject({
    apiVersion: z.literal(PLAN_API_VERSION),
    kind: z.literal("RunRecord"),
    planId: PlanMetadataSchema.shape.id,
    planDigest: PlanDigestSchema,
    request: PlanRequestSchema,
    planner: PlanMetadataSchema.shape.planner
      .optional()
      .describe('Which planner wrote the plan that ran: "rules" or "llm:<model>".'),
    planLabels: PlanMetadataSchema.shape.labels.describe(
      "The plan's labels: for a model's plan, its token counts, discovery calls and planning time.",
    ),
    approval: z
      .strictObject({
        headSha: z.string().regex(GIT_SHA, { error: "expected a 40-digit lower-case hex commit SHA" }),
        approvers: z.array(ApproverSchema).min(1),
      })
      .describe("The gate's approval: who approved, at which head commit."),
    steps: z.array(RunStepSchema).max(MAX_STEPS),
    verification: z.array(RunVerificationSchema).max(MAX_VERIFY),
    startedAt: isoDateTime(),
    finishedAt: isoDateTime().optional(),
    outcome: z.enum(["succeeded", "failed", "verification_failed", "in_progress"]),
    verificationConclusion: z
      .enum(["success", "failure", "timed_out"])
      .optional()
      .describe("The verifier's conclusion; absent when verification did not run."),
    reason: z.string().max(4000).optional().describe("Why the run stopped or failed, as reported to people."),
  })
  .superRefine(reportRunRecordInconsistencies, { when: () => true })
  .describe("What happened when a plan ran: committed as .skyflo/runs/<plan id>.json.");

export type RunRecord = z.output<typeof RunRecordSchema>;
export type RunStep = z.output<typeof RunStepSchema>;
export type RunVerification = z.output<typeof RunVerificationSchema>;
export type Approver = z.output<typeof ApproverSchema>;
