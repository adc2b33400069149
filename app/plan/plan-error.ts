/** One thing wrong with a plan, with where it is. */
export interface PlanError {
  /** Where in the plan, e.g. "steps[1].args.replicas"; "" for the file as a whole. */
  path: string;
  /** A sentence a person can act on. */
  message: string;
  /** 1-based line in the YAML file, when the plan came from one. */
  line?: number;
  /** 1-based column in the YAML file, when the plan came from one. */
  column?: number;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/** Maps paths in the parsed value back to the text it came from (YAML files). */
export interface SourceLookup {
  /** Where the value (or, for a map entry, its key) at `path` starts; the nearest ancestor if absent. */
  position(path: readonly PropertyKey[]): SourcePosition | undefined;
  /** The original text of a non-string scalar at `path` (".nan", "0x10"), to quote it as written. */
  scalarText(path: readonly PropertyKey[]): string | undefined;
}

/** "steps[1].args.replicas: expected a whole number ≥ 0, got -1 (line 14)" */
export function formatPlanError(error: PlanError): string {
  const where = error.path === "" ? "" : `${error.path}: `;
  const line = error.line === undefined ? "" : ` (line ${error.line})`;
  return `${where}${error.message}${line}`;
}

const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** ["steps", 1, "args", "app.kubernetes.io/name"] → 'steps[1].args["app.kubernetes.io/name"]' */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "symbol") out += `[${String(segment)}]`;
    else if (PLAIN_SEGMENT.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function makePlanError(
  path: readonly PropertyKey[],
  message: string,
  source?: SourceLookup,
  positionPath: readonly PropertyKey[] = path,
): PlanError {
  const error: PlanError = { path: formatPath(path), message };
  const position = source?.position(positionPath);
  if (position !== undefined) {
    error.line = position.line;
    error.column = position.column;
  }
  return error;
}

/** Thrown by the APIs that take an already-built plan (writePlan, planDigest) when it is invalid. */
export class PlanValidationError extends Error {
  readonly errors: PlanError[];

  constructor(errors: PlanError[]) {
    super(`invalid plan:\n${errors.map((e) => `  - ${formatPlanError(e)}`).join("\n")}`);
    this.name = "PlanValidationError";
    this.errors = errors;
  }
}

/** Stable order for people: by position in the file, then as found. */
export function sortPlanErrors(errors: PlanError[]): PlanError[] {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}\u0000${e.line ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((error, index) => ({ error, index }))
    .sort(
      (a, b) =>
        (a.error.line ?? 0) - (b.error.line ?? 0) ||
        (a.error.column ?? 0) - (b.error.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ error }) => error);
}
