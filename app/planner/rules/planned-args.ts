// Step arguments exactly as the tool will run them: the tool's own input schema parses them and
// its output (defaults filled in, kinds normalised) is what goes into the plan, so the approval
// covers every value. dryRun is left out: the preview and the executor set it, never the plan.
import type { z } from "zod";
import { createToolRegistry } from "../../../tools/index.ts";
import type { AnyObjectSchema } from "../../../tools/registry.ts";
import type { JsonObject } from "../../plan/index.ts";

const registry = createToolRegistry();
const schemas = new Map<string, z.ZodType>();

/** The schema a plan step's args must satisfy for `tool`: its input without dryRun. */
export function plannedArgsSchema(tool: string): z.ZodType | undefined {
  const cached = schemas.get(tool);
  if (cached !== undefined) return cached;
  const input: AnyObjectSchema | undefined = registry.get(tool)?.input;
  if (input === undefined) return undefined;
  const schema = "dryRun" in input.shape ? input.omit({ dryRun: true }) : input;
  schemas.set(tool, schema);
  return schema;
}

export type PlannedArgs = { ok: true; args: JsonObject } | { ok: false; problem: string };

export function plannedArgs(tool: string, args: Record<string, unknown>): PlannedArgs {
  const schema = plannedArgsSchema(tool);
  if (schema === undefined) return { ok: false, problem: `the tool ${tool} is not available` };
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "arguments"}: ${issue.message}`,
    );
    return { ok: false, problem: `${tool} would not accept the arguments (${problems.join("; ")})` };
  }
  // Parsed tool input is plain JSON (strings, numbers, booleans, manifest objects).
  return { ok: true, args: JSON.parse(JSON.stringify(parsed.data)) as JsonObject };
}
