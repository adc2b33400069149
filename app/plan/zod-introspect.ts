import type { z } from "zod";

// Reads zod 4 schema definitions (`_zod.def`) to say in words what a field expects. zod's own
// messages ("Too small: expected number to be >=0") don't say "whole number" or quote the value.

type AnySchema = z.core.$ZodType;
type Def = { type: string; [key: string]: unknown };

const defOf = (schema: AnySchema): Def => schema._zod.def as unknown as Def;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** Strips wrappers (optional, default, lazy, pipe input…) down to the schema that checks the value. */
export function unwrapSchema(schema: AnySchema | undefined): AnySchema | undefined {
  let current = schema;
  for (let hops = 0; current !== undefined && hops < 32; hops++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType as AnySchema;
    else if (def.type === "lazy") current = (def.getter as () => AnySchema)();
    else if (def.type === "pipe") {
      const input = def.in as AnySchema;
      current = defOf(input).type === "transform" ? (def.out as AnySchema) : input;
    } else return current;
  }
  return current;
}

/** The field names an object schema knows, for "did you mean" suggestions. */
export function objectFieldNames(schema: AnySchema | undefined): string[] {
  const inner = unwrapSchema(schema);
  if (inner === undefined) return [];
  const def = defOf(inner);
  return def.type === "object" ? Object.keys(def.shape as Record<string, unknown>) : [];
}

const FORMAT_WORDS: Record<string, string> = {
  url: "a URL",
  email: "an email address",
  uuid: "a UUID",
  guid: "a UUID",
  datetime: "an ISO-8601 date and time",
  date: "an ISO-8601 date (YYYY-MM-DD)",
  time: "an ISO-8601 time",
  duration: "an ISO-8601 duration",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  cidrv4: "an IPv4 range (CIDR)",
  cidrv6: "an IPv6 range (CIDR)",
  base64: "base64 text",
  base64url: "base64url text",
  hostname: "a host name",
};

export function formatWords(format: string): string {
  return FORMAT_WORDS[format] ?? `text in ${format} format`;
}

export function quoteValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export function listChoices(values: readonly unknown[]): string {
  const quoted = values.map(quoteValue);
  if (quoted.length <= 1) return quoted.join("");
  if (quoted.length === 2) return `${quoted[0]} or ${quoted[1]}`;
  return `one of ${quoted.join(", ")}`;
}

interface Bound {
  value: number;
  inclusive: boolean;
}

/** "a whole number between 1 and 3600", "a number > 0", "a whole number ≥ 0". */
export function describeNumber(schema: AnySchema): string {
  const def = defOf(schema);
  // z.int() is a schema and a check at once: its own def carries the format.
  const checks = [
    ...(typeof def.format === "string" ? [schema] : []),
    ...((def.checks as AnySchema[]) ?? []),
  ];
  let whole = false;
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const check of checks) {
    const c = check._zod.def as unknown as {
      check?: string;
      format?: string;
      value?: unknown;
      inclusive?: boolean;
    };
    if (c.check === "number_format" || (check === schema && typeof c.format === "string")) {
      whole ||= (c.format ?? "").includes("int");
    } else if (c.check === "greater_than" && typeof c.value === "number") {
      if (lower === undefined || c.value > lower.value)
        lower = { value: c.value, inclusive: c.inclusive ?? true };
    } else if (c.check === "less_than" && typeof c.value === "number") {
      if (upper === undefined || c.value < upper.value)
        upper = { value: c.value, inclusive: c.inclusive ?? true };
    }
  }
  // Safe-integer limits come with every whole number; saying them adds nothing.
  if (lower !== undefined && lower.value <= Number.MIN_SAFE_INTEGER) lower = undefined;
  if (upper !== undefined && upper.value >= Number.MAX_SAFE_INTEGER) upper = undefined;
  const noun = whole ? "a whole number" : "a number";
  if (lower?.inclusive && upper?.inclusive) return `${noun} between ${lower.value} and ${upper.value}`;
  const parts: string[] = [];
  if (lower !== undefined) parts.push(`${lower.inclusive ? "≥" : ">"} ${lower.value}`);
  if (upper !== undefined) parts.push(`${upper.inclusive ? "≤" : "<"} ${upper.value}`);
  return parts.length === 0 ? noun : `${noun} ${parts.join(" and ")}`;
}

/** What a schema accepts, in words ("text", "a list", "true or false"), if it can be said briefly. */
export function describeSchema(schema: AnySchema | undefined, depth = 0): string | undefined {
  const inner = unwrapSchema(schema);
  if (inner === undefined || depth > 2) return undefined;
  const def = defOf(inner);
  switch (def.type) {
    case "string":
      return typeof def.format === "string" ? formatWords(def.format) : "text";
    case "number":
      return describeNumber(inner);
    case "bigint":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "null":
      return "null";
    case "object":
    case "record":
      return "a mapping (key: value)";
    case "array":
    case "tuple":
      return "a list";
    case "date":
      return "a date";
    case "literal":
      return listChoices(def.values as unknown[]);
    case "enum":
      return listChoices(Object.values(def.entries as Record<string, unknown>));
    case "union": {
      const words = (def.options as AnySchema[]).map((option) => describeSchema(option, depth + 1));
      if (words.some((w) => w === undefined)) return undefined;
      return joinAlternatives([...new Set(words as string[])]);
    }
    default:
      return undefined;
  }
}

export function joinAlternatives(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

/** Words for zod's `expected` names when the schema itself is not at hand. */
export function expectedTypeWords(expected: string): string {
  const words: Record<string, string> = {
    string: "text",
    number: "a number",
    int: "a whole number",
    bigint: "a whole number",
    boolean: "true or false",
    object: "a mapping (key: value)",
    record: "a mapping (key: value)",
    map: "a mapping (key: value)",
    array: "a list",
    tuple: "a list",
    set: "a list",
    null: "null",
    undefined: "nothing",
    date: "a date",
    never: "nothing here",
  };
  return words[expected] ?? expected;
}
