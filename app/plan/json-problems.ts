import { MAX_EXACT_INTEGER } from "./json-value.ts";

// Checks that a value is plain JSON before zod sees it, so each problem gets its own precise
// sentence (zod would report "no union branch matched") and so deep nesting cannot exhaust
// the stack of zod's recursive parser. Iterative on purpose for the same reason.

export interface ValueProblem {
  path: PropertyKey[];
  message: string;
  /** Set when the message should end with ", got <value>" (shown as written in the file). */
  value?: unknown;
}

export const MAX_NESTING_DEPTH = 64;

/**
 * Characters that are invisible or reorder text, so that what a reviewer reads in the PR could
 * differ from what runs ("Trojan Source"): C0/C1 controls except tab and line breaks, bidi
 * controls, zero-width space, word joiner and BOM. Joiners (U+200C/D) stay: scripts need them.
 */
function isHiddenCharacter(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200b ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    code === 0x2060 ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Why a string cannot be in a plan, or undefined if it can. */
export function stringProblem(text: string, allowHidden = false): string | undefined {
  if (!text.isWellFormed()) {
    return "contains a broken Unicode character (an unpaired surrogate); use valid text";
  }
  if (allowHidden) return undefined;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (isHiddenCharacter(code)) {
      return `contains an invisible or control character (${codePointName(code)}) that could hide what reviewers read; remove it`;
    }
  }
  return undefined;
}

export interface ValueProblemOptions {
  maxDepth?: number;
  /** Text quoted as written by a person, never executed (the request), may keep invisible marks. */
  isQuotedText?: (path: readonly PropertyKey[]) => boolean;
}

function describeNonJson(value: unknown): string {
  if (value instanceof Date) return "a date";
  if (value instanceof Uint8Array) return "binary data";
  if (value instanceof Map) return "a Map";
  if (value instanceof Set) return "a Set";
  if (typeof value === "object" && value !== null)
    return `an object of class ${value.constructor?.name ?? "unknown"}`;
  return `a ${typeof value}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Everything in `root` that is not plain, exactly representable JSON. `undefined` is left to the schema. */
export function findValueProblems(root: unknown, options: ValueProblemOptions = {}): ValueProblem[] {
  const { maxDepth = MAX_NESTING_DEPTH, isQuotedText = () => false } = options;
  const problems: ValueProblem[] = [];
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    const problem = (message: string, at: PropertyKey[] = path) => problems.push({ path: at, message });
    const expected = (message: string) => problems.push({ path, message, value });
    switch (typeof value) {
      case "undefined":
      case "boolean":
        continue;
      case "string": {
        const why = stringProblem(value, isQuotedText(path));
        if (why !== undefined) problem(why);
        continue;
      }
      case "number":
        if (!Number.isFinite(value)) expected("expected a finite number");
        else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
          expected(
            `expected a whole number within ±${MAX_EXACT_INTEGER} (larger ones lose precision; quote it to keep it as text)`,
          );
        }
        continue;
      case "object":
        break;
      default:
        problem(
          `expected a JSON value (text, number, true or false, null, list or mapping), got ${describeNonJson(value)}`,
        );
        continue;
    }
    if (value === null) continue;
    if (path.length >= maxDepth) {
      problem(`nested more than ${maxDepth} levels deep; flatten the arguments`);
      continue;
    }
    const children: Array<{ value: unknown; path: PropertyKey[] }> = [];
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        children.push({ value: item, path: [...path, index] });
      });
    } else if (isPlainObject(value)) {
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key === "symbol") {
          problem(`keys must be text, got ${String(key)}`);
          continue;
        }
        if (key === "__proto__") {
          problem('the field name "__proto__" is not allowed', [...path, key]);
          continue;
        }
        const why = stringProblem(key);
        if (why !== undefined) {
          problem(`the field name ${JSON.stringify(key)} ${why}`, [...path, key]);
          continue;
        }
        children.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    } else {
      problem(
        `expected a JSON value (text, number, true or false, null, list or mapping), got ${describeNonJson(value)}`,
      );
      continue;
    }
    // Reverse so problems come out in document order.
    for (let i = children.length - 1; i >= 0; i--)
      stack.push(children[i] as { value: unknown; path: PropertyKey[] });
  }
  return problems;
}
