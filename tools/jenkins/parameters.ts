// Build parameters checked against the job's own definitions before anything is sent: unknown
// names, wrong types and choices outside the list are refused with the list of what is valid.
// Every settable parameter not given gets the job's default, so the plan shows every value the
// build will run with. Password parameters are never set: a plan is readable by everyone.
import { ToolError } from "../shared/tool-error.ts";
import type { ParameterDefinition } from "./reads.ts";

export type ParameterValue = string | boolean;

export interface ResolvedParameter {
  name: string;
  value: ParameterValue;
  /** False when the value is the job's default. */
  given: boolean;
}

const settable = new Set(["string", "text", "choice", "boolean"]);

/** `ENV (choice: staging, prod)`, `VERSION (string, default "latest")`. */
export function describeDefinition(definition: ParameterDefinition): string {
  switch (definition.type) {
    case "choice":
      return `${definition.name} (choice: ${(definition.choices ?? []).join(", ")})`;
    case "boolean":
      return `${definition.name} (boolean, default ${definition.default === true})`;
    case "string":
    case "text":
      return `${definition.name} (${definition.type}, default ${JSON.stringify(definition.default ?? "")})`;
    case "password":
      return `${definition.name} (password, cannot be set through Skyflo)`;
    default:
      return `${definition.name} (${definition.jenkinsType}, cannot be set through Skyflo)`;
  }
}

export function describeDefinitions(definitions: readonly ParameterDefinition[]): string {
  return definitions.length === 0
    ? "it takes no parameters"
    : `its parameters: ${definitions.map(describeDefinition).join("; ")}`;
}

function convert(definition: ParameterDefinition, value: ParameterValue, job: string): ParameterValue {
  const refuse = (why: string) =>
    new ToolError(
      `Parameter ${definition.name} of job "${job}" ${why}.`,
      `Valid: ${describeDefinition(definition)}.`,
    );
  switch (definition.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      throw refuse(`is a boolean; ${JSON.stringify(value)} is neither true nor false`);
    case "choice": {
      const written = String(value);
      const choices = definition.choices ?? [];
      if (!choices.includes(written))
        throw refuse(`must be one of ${choices.join(", ")}; ${JSON.stringify(written)} is not`);
      return written;
    }
    case "string":
    case "text":
      if (typeof value !== "string")
        throw refuse(`is a ${definition.type}; pass the value as a string ("${value}")`);
      if (definition.type === "string" && /[\r\n]/.test(value))
        throw refuse("is a single-line string; the value has a line break");
      return value;
    case "password":
      throw refuse(
        "is a password; Skyflo never sets passwords because plans and their records are readable by everyone — leave it out so Jenkins uses its default",
      );
    default:
      throw refuse(
        `has type ${definition.jenkinsType}, which Skyflo cannot set — leave it out so Jenkins uses its default`,
      );
  }
}

/** The values to build with, in the job's order; throws ToolError naming what is wrong and what is valid. */
export function resolveParameters(
  job: string,
  definitions: readonly ParameterDefinition[],
  given: Readonly<Record<string, ParameterValue>>,
): ResolvedParameter[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const unknown = Object.keys(given).filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const names = unknown.map((n) => `"${n}"`).join(", ");
    throw new ToolError(
      `Job "${job}" has no parameter${unknown.length === 1 ? "" : "s"} ${names}; ${describeDefinitions(definitions)}.`,
      "Use the names exactly as the job defines them (jenkins_job shows them).",
    );
  }
  const resolved: ResolvedParameter[] = [];
  for (const definition of definitions) {
    const value = given[definition.name];
    if (value !== undefined) {
      resolved.push({ name: definition.name, value: convert(definition, value, job), given: true });
    } else if (settable.has(definition.type) && definition.default !== undefined) {
      resolved.push({ name: definition.name, value: definition.default, given: false });
    }
  }
  return resolved;
}

/** `ENV=prod, MESSAGE="two words"`: values quoted when they would be ambiguous. */
export function formatParameters(parameters: readonly Pick<ResolvedParameter, "name" | "value">[]): string {
  return parameters
    .map(({ name, value }) => {
      const text = String(value);
      const plain = /^[A-Za-z0-9_./:@+-]+$/.test(text);
      return `${name}=${plain ? text : JSON.stringify(text)}`;
    })
    .join(", ");
}
