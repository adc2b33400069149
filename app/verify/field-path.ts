// The field paths of k8s_field_equals (syntax in app/planner/rules/verify-intents.ts):
// `spec.replicas`, `spec.template.spec.containers[name=web].image`. Hand-written because
// JSONPath/JMESPath libraries use other syntaxes (and index-based lists), not this small grammar.

export interface FieldSelector {
  key: string;
  value: string;
}

export interface FieldStep {
  field: string;
  selector?: FieldSelector;
}

export type FieldRead = { found: true; value: unknown } | { found: false; why: string };

export class FieldPathError extends Error {}

// One step: a field name, then optionally `[key=value]` (value: anything but "]").
const stepPattern = /([A-Za-z0-9_-]+)(?:\[([A-Za-z0-9_-]+)=([^\]]*)\])?/y;

/** Parses a path; a bad one throws FieldPathError with a sentence that points at the problem. */
export function parseFieldPath(path: string): FieldStep[] {
  if (path.trim() === "") {
    throw new FieldPathError(
      'The field path is empty; write one such as "spec.replicas" or "spec.template.spec.containers[name=web].image".',
    );
  }
  const steps: FieldStep[] = [];
  let position = 0;
  for (;;) {
    stepPattern.lastIndex = position;
    const match = stepPattern.exec(path);
    if (!match) throw badPath(path, position, "a field name (letters, digits, '_' or '-')");
    const [whole, field = "", key, value] = match;
    steps.push(key === undefined ? { field } : { field, selector: { key, value: value ?? "" } });
    position += whole.length;
    if (position === path.length) return steps;
    if (path[position] !== ".") throw badPath(path, position, `"." or "[key=value]" after "${field}"`);
    position += 1;
  }
}

function badPath(path: string, position: number, wanted: string): FieldPathError {
  const found = position < path.length ? `"${path.slice(position, position + 12)}"` : "the end";
  return new FieldPathError(
    `The field path "${path}" is not valid: at character ${position + 1} it expects ${wanted} but finds ${found}. ` +
      'Write fields separated by "." and pick list elements by a key, e.g. "spec.template.spec.containers[name=web].image".',
  );
}

/** How a step (and the steps before it) reads in sentences: `spec.containers[name=web]`. */
export function formatFieldPath(steps: readonly FieldStep[]): string {
  return steps
    .map((step) =>
      step.selector ? `${step.field}[${step.selector.key}=${step.selector.value}]` : step.field,
    )
    .join(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeWord(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The value at `steps` in `object`, or why there is none (a missing field, no or several matches). */
export function readFieldPath(object: unknown, steps: readonly FieldStep[]): FieldRead {
  let current: unknown = object;
  for (const [index, step] of steps.entries()) {
    const parent = formatFieldPath(steps.slice(0, index));
    const here = formatFieldPath([...steps.slice(0, index), { field: step.field }]);
    if (!isRecord(current)) {
      return { found: false, why: `${parent} is ${typeWord(current)}, so it has no field "${step.field}"` };
    }
    if (!Object.hasOwn(current, step.field)) return { found: false, why: `${here} is not set` };
    current = current[step.field];
    const selector = step.selector;
    if (!selector) continue;
    if (!Array.isArray(current)) {
      return {
        found: false,
        why: `${here} is ${typeWord(current)}, not a list, so [${selector.key}=${selector.value}] selects nothing`,
      };
    }
    const matches = current.filter((item) => isRecord(item) && item[selector.key] === selector.value);
    if (matches.length !== 1) {
      const keys = current.flatMap((item) =>
        isRecord(item) && typeof item[selector.key] === "string" ? [item[selector.key] as string] : [],
      );
      const known = keys.length > 0 ? ` (${selector.key}s: ${keys.join(", ")})` : "";
      const count = matches.length === 0 ? "no element" : `${matches.length} elements`;
      return { found: false, why: `${here} has ${count} with ${selector.key} = "${selector.value}"${known}` };
    }
    current = matches[0];
  }
  return { found: true, value: current };
}
