// The arguments a plan step may carry for a tool: the tool's input schema without `dryRun`,
// which is the executor's and the preview's to set, never the plan's.
import type { z } from "zod";
import type { ToolRegistry } from "../tools/registry.ts";

export function stepArgsSchema(registry: ToolRegistry, toolName: string): z.ZodType | undefined {
  const tool = registry.get(toolName);
  if (!tool) return undefined;
  return "dryRun" in tool.input.shape ? tool.input.omit({ dryRun: true }) : tool.input;
}
