import { closestMatch } from "leven";
import type { z } from "zod";
import { makePlanError, type PlanError, type SourceLookup } from "./plan-error.ts";
import {
  describeSchema,
  expectedTypeWords,
  formatWords,
  joinAlternatives,
  listChoices,
  objectFieldNames,
} from "./zod-introspect.ts";

// zod issues → sentences with the offending value quoted. Two phases, because while zod runs
// we can see the schema (what is expected) but not the full path, and afterwards the reverse:
// the parse-time error map stores a hint in the message, the mapper below finishes it.

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Marks messages written by `hintingErrorMap`; anything else came from a schema author. */
const HINT_MARK = "\u0000skyflo-hint:";

interface Hint {
  expected?: string;
  fields?: string[];
}

/** Pass as `error` to safeParse: schema-level custom messages still win over it. */
export const hintingErrorMap = (issue: RawIssue): string => {
  const hint: Hint = {};
  const owner = issue.schema ?? (issue.inst as z.core.$ZodType | undefined);
  if (issue.code === "unrecognized_keys") {
    hint.fields = objectFieldNames(issue.inst as z.core.$ZodType | undefined);
  } else if (owner !== undefined && "_zod" in owner && owner._zod.def !== undefined) {
    const expected = describeSchema(owner);
    if (expected !== undefined) hint.expected = expected;
  }
  return HINT_MARK + JSON.stringify(hint);
};

function readHint(message: string): Hint | undefined {
  return message.startsWith(HINT_MARK) ? (JSON.parse(message.slice(HINT_MARK.length)) as Hint) : undefined;
}

/** Parse options that make zod issues carry what `issuesToPlanErrors` needs. */
export const HINTED_PARSE = { error: hintingErrorMap, reportInput: true } as const;

const MAX_QUOTED = 60;

/** How a value is shown after "got": strings quoted and truncated, numbers as written. */
export function describeValue(value: unknown, writtenAs?: string): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") {
    const chars = Array.from(value);
    return JSON.stringify(chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED - 1).join("")}…` : value);
  }
  if (typeof value === "number" || typeof value === "boolean") return writtenAs ?? String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) {
    return value.length === 0
      ? "an empty list"
      : `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  }
  if (value instanceof Date) return "a date";
  if (value instanceof Uint8Array) return "binary data";
  if (typeof value === "object") return Object.keys(value).length === 0 ? "an empty mapping" : "a mapping";
  return `a ${typeof value}`;
}

interface Context {
  /** The value the schema was run on (to read the offending value at an issue's path). */
  data: unknown;
  /** Where that value sits in the plan, e.g. ["steps", 0, "args"]. */
  basePath: readonly PropertyKey[];
  source?: SourceLookup | undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function sizeRule(issue: Extract<Issue, { code: "too_small" | "too_big" }>, hint: Hint | undefined): string {
  const small = issue.code === "too_small";
  const limit = Number(small ? issue.minimum : issue.maximum);
  const exact = issue.exact === true;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      if (small && limit === 1 && !exact) return "expected text that is not empty";
      return `expected ${exact ? "exactly" : small ? "at least" : "at most"} ${plural(limit, "character")}`;
    case "array":
    case "set":
      return `expected ${exact ? "exactly" : small ? "at least" : "at most"} ${plural(limit, "item")}`;
    default: {
      if (hint?.expected !== undefined) return `expected ${hint.expected}`;
      const op = small ? (inclusive ? "≥" : ">") : inclusive ? "≤" : "<";
      return `expected a value ${op} ${limit}`;
    }
  }
}

function sizeGot(
  issue: Extract<Issue, { code: "too_small" | "too_big" }>,
  value: unknown,
  shown: string,
): string {
  if ((issue.origin === "array" || issue.origin === "set") && Array.isArray(value)) {
    return value.length === 0 ? "an empty list" : String(value.length);
  }
  if (issue.origin === "string" && typeof value === "string" && issue.code === "too_big") {
    return plural(Array.from(value).length, "character");
  }
  return shown;
}

/** Union failures: say the alternatives if every branch failed on the type, else follow the closest branch. */
function unionMessage(
  issue: Extract<Issue, { code: "invalid_union" }>,
  context: Context,
  path: readonly PropertyKey[],
): PlanError[] | string {
  const branches = issue.errors;
  const typeOnly = branches.every(
    (branch) => branch.length === 1 && branch[0]?.code === "invalid_type" && branch[0].path.length === 0,
  );
  if (branches.length === 0 || typeOnly) {
    const words = branches.map((branch) => {
      const only = branch[0];
      const hint = only === undefined ? undefined : readHint(only.message);
      return hint?.expected ?? (only?.code === "invalid_type" ? expectedTypeWords(only.expected) : "");
    });
    const alternatives = joinAlternatives([...new Set(words.filter((w) => w !== ""))]);
    return alternatives === "" ? "does not match any allowed form" : `expected ${alternatives}`;
  }
  // The branch that got furthest: fewest issues that are not about the value's basic type.
  const scored = branches
    .map((branch) => ({
      branch,
      score: branch.filter(
        (i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value"),
      ).length,
    }))
    .sort((a, b) => a.score - b.score || a.branch.length - b.branch.length);
  const best = scored[0]?.branch ?? [];
  return best.flatMap((inner) => issueToPlanErrors(inner, context, path));
}

/** The known name a misspelt or shortened one most likely meant ("replica" → "replicas", "timeout" → "timeoutSeconds"). */
export function likelyMeant(unknown: string, candidates: readonly string[]): string | undefined {
  const close = closestMatch(unknown, candidates, {
    maxDistance: Math.max(2, Math.floor(unknown.length / 3)),
  });
  if (close !== undefined) return close;
  const lower = unknown.toLowerCase();
  if (lower.length < 3) return undefined;
  return candidates.find((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
}

function suggestField(unknown: string, known: readonly string[], present: readonly string[]): string {
  const match = likelyMeant(
    unknown,
    known.filter((k) => !present.includes(k)),
  );
  if (match !== undefined) return ` — did you mean "${match}"?`;
  if (known.length > 0 && known.length <= 12) return `; known fields: ${known.join(", ")}`;
  return "";
}

/**
 * One zod issue as plan errors (usually one; unknown keys give one per key).
 * `outerPath` is prepended to the issue path (used for issues nested in unions and keys).
 */
function issueToPlanErrors(
  issue: Issue,
  context: Context,
  outerPath: readonly PropertyKey[] = [],
): PlanError[] {
  const relative = [...outerPath, ...issue.path];
  const path = [...context.basePath, ...relative];
  const value = "input" in issue && issue.input !== undefined ? issue.input : valueAt(context.data, relative);
  const got = () => describeValue(value, context.source?.scalarText(path));
  const error = (message: string, positionPath: readonly PropertyKey[] = path) =>
    makePlanError(path, message, context.source, positionPath);
  const hint = readHint(issue.message);

  if (hint === undefined) {
    // A message the schema's author wrote. "expected …" ones get the value appended.
    const custom = issue.message.startsWith("expected ") ? `${issue.message}, got ${got()}` : issue.message;
    return [error(custom)];
  }

  switch (issue.code) {
    case "invalid_type": {
      const expected = hint.expected ?? expectedTypeWords(issue.expected);
      if (value === undefined) return [error(`required field is missing (expected ${expected})`)];
      return [error(`expected ${expected}, got ${got()}`)];
    }
    case "too_small":
    case "too_big":
      return [error(`${sizeRule(issue, hint)}, got ${sizeGot(issue, value, got())}`)];
    case "invalid_value":
      if (value === undefined)
        return [error(`required field is missing (expected ${listChoices(issue.values)})`)];
      return [error(`expected ${listChoices(issue.values)}, got ${got()}`)];
    case "invalid_format": {
      const rule =
        issue.format === "regex"
          ? `expected text matching ${issue.pattern ?? "the required pattern"}`
          : issue.format === "starts_with" && "prefix" in issue
            ? `expected text starting with ${JSON.stringify(issue.prefix)}`
            : issue.format === "ends_with" && "suffix" in issue
              ? `expected text ending with ${JSON.stringify(issue.suffix)}`
              : issue.format === "includes" && "includes" in issue
                ? `expected text containing ${JSON.stringify(issue.includes)}`
                : `expected ${formatWords(issue.format)}`;
      return [error(`${rule}, got ${got()}`)];
    }
    case "not_multiple_of":
      return [error(`expected a multiple of ${String(issue.divisor)}, got ${got()}`)];
    case "unrecognized_keys": {
      const present = typeof value === "object" && value !== null ? Object.keys(value) : [];
      return issue.keys.map((key) =>
        error(`unknown field "${key}"${suggestField(key, hint.fields ?? [], present)}`, [...path, key]),
      );
    }
    case "invalid_union": {
      // A discriminated union names its allowed tags; its `input` is the parent object.
      const tags = (issue as { options?: unknown }).options;
      if (Array.isArray(tags)) {
        const tag = valueAt(context.data, relative);
        const expected = listChoices(tags);
        if (tag === undefined) return [error(`required field is missing (expected ${expected})`)];
        return [error(`expected ${expected}, got ${describeValue(tag, context.source?.scalarText(path))}`)];
      }
      const result = unionMessage(issue, context, relative);
      return typeof result === "string" ? [error(`${result}, got ${got()}`)] : result;
    }
    case "invalid_key": {
      const reasons = issue.issues.map((inner) => plainReason(inner, issue.input));
      return [error(`invalid key ${describeValue(issue.input)}: ${reasons.join("; ")}`)];
    }
    case "invalid_element": {
      const reasons = issue.issues.map((inner) =>
        plainReason(inner, valueAt(value, [issue.key as PropertyKey])),
      );
      return [error(`invalid entry ${describeValue(issue.key)}: ${reasons.join("; ")}`)];
    }
    default:
      return [error("is not valid")];
  }
}

/** A nested issue's reason without path or position, for key and element issues. */
function plainReason(issue: Issue, value: unknown): string {
  const [first] = issueToPlanErrors(issue, { data: value, basePath: [] });
  return first?.message ?? "is not valid";
}

/** Turns zod issues (from a parse with HINTED_PARSE) into plan errors with paths and lines. */
export function issuesToPlanErrors(issues: readonly Issue[], context: Context): PlanError[] {
  return issues.flatMap((issue) => issueToPlanErrors(issue, context));
}
