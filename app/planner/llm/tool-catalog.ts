// What the model is told about tools. Two lists with different powers: discovery functions it may
// call (read-only tools the policy allows, nothing else), and the catalog of tools and checks it
// may name in plan steps (as text, never callable while planning).
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { z } from "zod";
import type { Policy } from "../../../tools/policy.ts";
import { isMutating, type ToolDefinition, type ToolRegistry } from "../../../tools/registry.ts";
import { intentKinds } from "../../verify/intents/index.ts";
import { plannedArgsSchema } from "../rules/planned-args.ts";

// Tool schemas never change at run time: convert each once.
const inputSchemas = new WeakMap<ToolDefinition, Record<string, unknown>>();
const plannedSchemas = new Map<string, Record<string, unknown>>();

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

function inputSchemaOf(tool: ToolDefinition): Record<string, unknown> {
  let schema = inputSchemas.get(tool);
  if (schema === undefined) {
    schema = jsonSchemaOf(tool.input);
    inputSchemas.set(tool, schema);
  }
  return schema;
}

/** Read-only tools the policy allows, as function definitions: the only tools the model may call. */
export function discoveryFunctions(registry: ToolRegistry, readPolicy: Policy): ChatCompletionFunctionTool[] {
  return registry
    .list()
    .filter((tool) => !isMutating(tool) && readPolicy.toolVerdict(tool).allowed)
    .map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: inputSchemaOf(tool) },
    }));
}

function plannedSchemaOf(name: string): Record<string, unknown> | undefined {
  let schema = plannedSchemas.get(name);
  if (schema === undefined) {
    const planned = plannedArgsSchema(name);
    if (planned === undefined) return undefined;
    schema = jsonSchemaOf(planned);
    plannedSchemas.set(name, schema);
  }
  return schema;
}

/**
 * The tools plan steps may name: the changing tools the plan's policy allows, with their argument
 * schemas (read-only tools are the discovery functions; a plan has no use for them).
 */
export function stepToolCatalog(registry: ToolRegistry, planPolicy: Policy): string {
  const lines: string[] = [];
  for (const tool of registry.list()) {
    if (!isMutating(tool) || !planPolicy.toolVerdict(tool).allowed) continue;
    const schema = plannedSchemaOf(tool.name);
    if (schema === undefined) continue;
    lines.push(`- ${tool.name}: ${tool.title}. Arguments: ${JSON.stringify(schema)}`);
  }
  return lines.join("\n");
}

const checkSchemas = new Map<string, Record<string, unknown>>();

/** The verification checks a plan's `verify` entries may name, with their argument schemas. */
export function checkCatalog(): string {
  const lines: string[] = [];
  for (const [name, kind] of intentKinds) {
    let schema = checkSchemas.get(name);
    if (schema === undefined) {
      schema = jsonSchemaOf(kind.args);
      checkSchemas.set(name, schema);
    }
    lines.push(`- ${name}. Arguments: ${JSON.stringify(schema)}`);
  }
  return lines.join("\n");
}

/** Argument schema of a check by name, for validating verify entries. */
export function checkArgsSchema(name: string): z.ZodType | undefined {
  return intentKinds.get(name)?.args;
}
