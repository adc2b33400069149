import canonicalize from "canonicalize";
import type { z } from "zod";
import { describeValue, HINTED_PARSE, issuesToPlanErrors, likelyMeant } from "./issue-messages.ts";
import { makePlanError, type PlanError, type SourceLookup } from "./plan-error.ts";

/** Finds the zod schema of a tool's (or check's) arguments; undefined or null: no such name. */
export type ArgsSchemaLookup = (name: string) => z.ZodType | undefined | null;

export interface CallArgsValidators {
  /** Schema of each tool's arguments; when given, every step's args are checked against it. */
  toolArgs?: ArgsSchemaLookup | undefined;
  /** Schema of each check's arguments; when given, every verify entry's args are checked. */
  checkArgs?: ArgsSchemaLookup | undefined;
}

const NAME = /^[a-z][a-z0-9_]*$/;

interface CallList {
  list: "steps" | "verify";
  nameField: "tool" | "check";
  noun: "tool" | "check";
  lookup: ArgsSchemaLookup | undefined;
}

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks each step's (and verify entry's) args against the named tool's schema. Runs on the raw
 * plan so that these mistakes are reported together with the plan's own; entries whose name
 * or args are malformed are left to the plan schema.
 */
export function checkCallArgs(
  plan: unknown,
  validators: CallArgsValidators,
  source?: SourceLookup,
): PlanError[] {
  if (!isPlainRecord(plan)) return [];
  const lists: CallList[] = [
    { list: "steps", nameField: "tool", noun: "tool", lookup: validators.toolArgs },
    { list: "verify", nameField: "check", noun: "check", lookup: validators.checkArgs },
  ];
  const errors: PlanError[] = [];
  for (const { list, nameField, noun, lookup } of lists) {
    const items = plan[list];
    if (lookup === undefined || !Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      if (!isPlainRecord(item)) return;
      const name = item[nameField];
      if (typeof name !== "string" || !NAME.test(name)) return;
      const base = [list, index];
      let schema: z.ZodType | undefined | null;
      try {
        schema = lookup(name);
      } catch (cause) {
        errors.push(
          makePlanError(
            [...base, nameField],
            `could not look up ${noun} "${name}": ${String(cause)}`,
            source,
          ),
        );
        return;
      }
      if (schema === undefined || schema === null) {
        errors.push(makePlanError([...base, nameField], `unknown ${noun} "${name}"`, source));
        return;
      }
      if (!isPlainRecord(item.args)) return;
      errors.push(...checkOneCall(schema, item.args, [...base, "args"], noun, name, source));
    });
  }
  return errors;
}

function checkOneCall(
  schema: z.ZodType,
  args: Record<string, unknown>,
  argsPath: PropertyKey[],
  noun: string,
  name: string,
  source: SourceLookup | undefined,
): PlanError[] {
  let result: ReturnType<z.ZodType["safeParse"]>;
  try {
    result = schema.safeParse(args, HINTED_PARSE);
  } catch (cause) {
    // e.g. an async refinement: fail closed rather than let the plan through unchecked.
    return [
      makePlanError(argsPath, `could not check the arguments of ${noun} "${name}": ${String(cause)}`, source),
    ];
  }
  if (!result.success) {
    return issuesToPlanErrors(result.error.issues, { data: args, basePath: argsPath, source });
  }
  return findRewrites(args, result.data, argsPath, noun, source);
}

/**
 * The schema accepted the args but would run something else: it dropped an unknown field (a
 * typo such as "dryrun" silently ignored), filled in a default, or transformed a value. The
 * digest and the approval bind to the args as written, so they must be exactly what runs.
 */
function findRewrites(
  written: unknown,
  parsed: unknown,
  path: PropertyKey[],
  noun: string,
  source: SourceLookup | undefined,
): PlanError[] {
  if (isPlainRecord(written) && isPlainRecord(parsed) && !Array.isArray(parsed)) {
    const errors: PlanError[] = [];
    const parsedKeys = Object.keys(parsed).filter((k) => parsed[k] !== undefined);
    // A default the tool filled in for a misspelt field is reported once, as the misspelling.
    const suggested = new Set<string>();
    for (const key of Object.keys(written)) {
      if (!Object.hasOwn(parsed, key) || parsed[key] === undefined) {
        const candidates = parsedKeys.filter((k) => !Object.hasOwn(written, k));
        const match = likelyMeant(key, candidates);
        if (match !== undefined) suggested.add(match);
        const suggestion = match === undefined ? `; the ${noun} ignores it` : ` — did you mean "${match}"?`;
        errors.push(makePlanError(path, `unknown field "${key}"${suggestion}`, source, [...path, key]));
      } else {
        errors.push(...findRewrites(written[key], parsed[key], [...path, key], noun, source));
      }
    }
    for (const key of parsedKeys) {
      if (!Object.hasOwn(written, key) && !suggested.has(key)) {
        errors.push(
          makePlanError(
            path,
            `"${key}" is not set and the ${noun} would use ${describeValue(parsed[key])}; write it out so the approval covers it`,
            source,
          ),
        );
      }
    }
    return errors;
  }
  if (Array.isArray(written) && Array.isArray(parsed) && written.length === parsed.length) {
    return written.flatMap((item, index) =>
      findRewrites(item, parsed[index], [...path, index], noun, source),
    );
  }
  if (sameJson(written, parsed)) return [];
  return [
    makePlanError(
      path,
      `the ${noun} would change ${describeValue(written)} to ${describeValue(parsed)}; write the value it expects so the approval covers exactly what runs`,
      source,
    ),
  ];
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalize(a) === canonicalize(b);
  } catch {
    return false;
  }
}
