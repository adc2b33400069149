import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { PlanValidationError } from "./plan-error.ts";
import type { Plan, PlanInput } from "./schema.ts";
import { validatePlan } from "./validate-plan.ts";

export const PLAN_DIGEST_PREFIX = "sha256:";

/**
 * The identity of what a plan executes: "sha256:" + hex SHA-256 of the RFC 8785 canonical JSON
 * of {target, steps, verify} of the parsed plan. Parsed, so defaults, key order, YAML style
 * and comments do not matter; any change to an id, a tool, an argument, a reason, the order,
 * the target or the verification intents does.
 *
 * Metadata (request, planner, createdAt, labels) is left out on purpose: approval binds to what
 * executes, and describing the plan differently does not change that. (The gate also binds an
 * approval to the head commit, so no edit of the file goes unnoticed.)
 *
 * Throws PlanValidationError if `plan` is not a valid plan: an invalid plan has no digest.
 */
export function planDigest(plan: Plan | PlanInput): string {
  const validation = validatePlan(plan);
  if (!validation.ok) throw new PlanValidationError(validation.errors);
  return digestOfValidPlan(validation.plan);
}

/** planDigest for a plan that validatePlan just returned (skips validating twice). */
export function digestOfValidPlan(plan: Plan): string {
  const { target, steps, verify } = plan;
  const canonical = canonicalize({ target, steps, verify });
  if (canonical === undefined) throw new Error("plan content has no JSON form");
  return PLAN_DIGEST_PREFIX + createHash("sha256").update(canonical, "utf8").digest("hex");
}
