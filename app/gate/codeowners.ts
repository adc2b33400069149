// CODEOWNERS with GitHub's semantics: parse a file into rules (reporting the lines GitHub would skip)
// and answer who owns a path. Written in-repo because no npm CODEOWNERS parser follows GitHub's rules
// (they use gitignore matchers with `!` negation and `[]` classes GitHub rejects; see
// codeowners-pattern.ts for the matching rules).

import { invalidOwnerMessage, ownerKind } from "./codeowners-owner.ts";
import {
  type CodeownersPattern,
  compileCodeownersPattern,
  splitPathSegments,
  unsupportedPatternSyntax,
} from "./codeowners-pattern.ts";

export {
  CODEOWNERS_LOCATIONS,
  CODEOWNERS_MAX_BYTES,
  type CodeownersLookup,
  findCodeowners,
  locateCodeowners,
} from "./codeowners-location.ts";
export { type OwnerKind, ownerKind } from "./codeowners-owner.ts";

export interface CodeownersRule {
  /** The pattern as written, `\` escapes included. */
  pattern: string;
  /** `@user`, `@org/team` or email tokens as written; empty for a rule that makes paths unowned. */
  owners: string[];
  /** 1-based line number in the CODEOWNERS file. */
  line: number;
}

export interface CodeownersError {
  line: number;
  message: string;
}

/**
 * Parses CODEOWNERS text. Never throws. Each invalid line is reported in `errors` and left out of
 * `rules`, as GitHub skips it: a pattern with `!` negation or unescaped `[ ]`, a dangling `\`, or an
 * owner token that is not `@user`, `@org/team` or an email.
 *
 * Syntax: blank lines and `#` comments are ignored; a `#` at the start of a token (line start or after
 * whitespace) starts a comment, elsewhere it is literal; `\` escapes the next character (`\#`,
 * `\ ` for a space inside a pattern).
 */
export function parseCodeowners(text: string): { rules: CodeownersRule[]; errors: CodeownersError[] } {
  const rules: CodeownersRule[] = [];
  const errors: CodeownersError[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((content, index) => {
    const line = index + 1;
    const tokens = tokenize(content);
    const [pattern, ...owners] = tokens;
    if (pattern === undefined) return;
    const patternProblem = unsupportedPatternSyntax(pattern);
    if (patternProblem !== undefined) {
      errors.push({ line, message: patternProblem });
      return;
    }
    const badOwner = owners.find((owner) => ownerKind(owner) === undefined);
    if (badOwner !== undefined) {
      errors.push({ line, message: invalidOwnerMessage(badOwner) });
      return;
    }
    rules.push({ pattern, owners, line });
  });
  return { rules, errors };
}

/** Splits a line on unescaped whitespace, dropping a trailing comment; escapes stay in the tokens. */
function tokenize(content: string): string[] {
  const tokens: string[] = [];
  let start = -1; // where the current token began, -1 between tokens
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    const separator = ch === " " || ch === "\t" || ch === "\f" || ch === "\v";
    if (separator) {
      if (start >= 0) tokens.push(content.slice(start, i));
      start = -1;
      continue;
    }
    if (start < 0) {
      if (ch === "#") return tokens;
      start = i;
    }
    if (ch === "\\") i++; // the escaped character belongs to the token, whatever it is
  }
  if (start >= 0) tokens.push(content.slice(start));
  return tokens;
}

// Rules are treated as immutable data: a rule object's pattern is compiled on first use and reused.
const compiled = new WeakMap<CodeownersRule, CodeownersPattern | null>();

/** The rule's matcher, compiled once per rule object; null for syntax GitHub skips. */
function matcherOf(rule: CodeownersRule): CodeownersPattern | null {
  let matcher = compiled.get(rule);
  if (matcher === undefined) {
    matcher =
      unsupportedPatternSyntax(rule.pattern) === undefined ? compileCodeownersPattern(rule.pattern) : null;
    compiled.set(rule, matcher);
  }
  return matcher;
}

/**
 * Who owns a repository path (as GitHub lists it: `k8s/web.yaml`, no leading `/`): the last rule
 * that matches wins.
 * - `{ owners: [...], rule }` — owned by those owners.
 * - `{ owners: [], rule }` — explicitly unowned: the last matching rule lists no owners.
 * - `undefined` — no rule matches the path at all.
 * Rules with syntax GitHub skips never match. Throws when `path` cannot be a file in a Git tree
 * (empty, leading `/`, empty or `.`/`..` segments), rather than guessing what was meant.
 */
export function ownersOf(
  path: string,
  rules: readonly CodeownersRule[],
): { owners: string[]; rule: CodeownersRule } | undefined {
  assertRepositoryPath(path);
  const segments = splitPathSegments(path);
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i] as CodeownersRule;
    if (matcherOf(rule)?.matchesSegments(segments)) return { owners: [...rule.owners], rule };
  }
  return undefined;
}

function assertRepositoryPath(path: string): void {
  // A trailing `/` is allowed: it names a directory (e.g. to ask who owns everything under it).
  const segments = path.endsWith("/") ? path.slice(0, -1).split("/") : path.split("/");
  const bad =
    path === "" || segments.some((segment) => segment === "" || segment === "." || segment === "..");
  if (bad) {
    throw new Error(
      `ownersOf: ${JSON.stringify(path)} is not a repository file path; pass it as GitHub lists changed files, relative to the repository root without a leading "/" and without empty, "." or ".." segments (e.g. "k8s/web.yaml")`,
    );
  }
}
