import { digestOfValidPlan } from "./digest.ts";
import { type ValidatePlanOptions, validatePlan } from "./validate-plan.ts";
import type { ReadPlanResult } from "./yaml.ts";

/**
 * Validates a plan that is already a value: built in code, or parsed from JSON such as an LLM's
 * output. Same checks and result as readPlan, without line numbers. Never throws.
 */
export function parsePlan(value: unknown, options: ValidatePlanOptions = {}): ReadPlanResult {
  const validation = validatePlan(value, options);
  if (!validation.ok) return validation;
  return { ok: true, plan: validation.plan, digest: digestOfValidPlan(validation.plan) };
}
