import { type CallArgsValidators, checkCallArgs } from "./call-args.ts";
import { describeValue, HINTED_PARSE, issuesToPlanErrors } from "./issue-messages.ts";
import { findValueProblems } from "./json-problems.ts";
import { makePlanError, type PlanError, type SourceLookup, sortPlanErrors } from "./plan-error.ts";
import { type Plan, PlanSchema } from "./schema.ts";

export type ValidatePlanOptions = CallArgsValidators;

export type PlanValidation = { ok: true; plan: Plan } | { ok: false; errors: PlanError[] };

/**
 * The request is the requester's own words, quoted and never executed: a stray zero-width space
 * or a right-to-left mark pasted from chat must not make the plan unwritable. Everything that
 * executes or that reviewers approve (target, steps, verify) stays strict.
 */
function isRequestText(path: readonly PropertyKey[]): boolean {
  return path.length === 3 && path[0] === "metadata" && path[1] === "request" && path[2] === "text";
}

/**
 * The one place a value becomes a Plan: plain JSON only, the schema, then (when given) each
 * call's args against its tool's schema. All mistakes are collected, sorted by position.
 */
export function validatePlan(
  value: unknown,
  options: ValidatePlanOptions = {},
  source?: SourceLookup,
): PlanValidation {
  const problems = findValueProblems(value, { isQuotedText: isRequestText });
  if (problems.length > 0) {
    // Not JSON: the schema would only repeat these as vaguer "no alternative matched" errors.
    const errors = problems.map(({ path, message, value: shown }) =>
      makePlanError(
        path,
        shown === undefined ? message : `${message}, got ${describeValue(shown, source?.scalarText(path))}`,
        source,
      ),
    );
    return { ok: false, errors: sortPlanErrors(errors) };
  }
  const parsed = PlanSchema.safeParse(value, HINTED_PARSE);
  const errors = parsed.success
    ? []
    : issuesToPlanErrors(parsed.error.issues, { data: value, basePath: [], source });
  errors.push(...checkCallArgs(value, options, source));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: sortPlanErrors(errors) };
  return { ok: true, plan: parsed.data };
}
