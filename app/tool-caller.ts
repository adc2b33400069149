// How the engine calls tools: one small interface, so the planner, the preview and (later) the
// executor do not care whether tools run in-process or behind an MCP client.
import { invokeTool } from "../tools/invoke.ts";
import { isMutating, type ToolContext, type ToolRegistry } from "../tools/registry.ts";

export type ToolCallResult =
  | { ok: true; summary: string; data: Record<string, unknown> }
  | { ok: false; error: string };

export interface ToolCaller {
  call(tool: string, args: Record<string, unknown>): Promise<ToolCallResult>;
}

export interface InProcessCallerOptions {
  registry: ToolRegistry;
  context: Omit<ToolContext, "signal">;
  /**
   * Which mutating calls are allowed: "none" (planning: read-only tools only, whatever is asked),
   * "dry-run" (previews: mutating tools only with dryRun: true). Execution gets its own caller.
   */
  mutating: "none" | "dry-run";
}

/** A ToolCaller that runs tools in this process through the same invoke pipeline as MCP. */
export function inProcessToolCaller({ registry, context, mutating }: InProcessCallerOptions): ToolCaller {
  return {
    async call(name, args) {
      const tool = registry.get(name);
      if (!tool) return { ok: false, error: `Unknown tool "${name}".` };
      if (isMutating(tool)) {
        if (mutating === "none") {
          return {
            ok: false,
            error: `Tool ${name} changes the cluster and cannot be called while planning.`,
          };
        }
        if (args.dryRun !== true) {
          return { ok: false, error: `Tool ${name} may only be called with dryRun: true here.` };
        }
      }
      const result = await invokeTool(tool, args, context);
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      if (result.isError) return { ok: false, error: text };
      const firstLine = text.split("\n")[0] ?? "";
      return {
        ok: true,
        summary: firstLine,
        data: (result.structuredContent ?? {}) as Record<string, unknown>,
      };
    },
  };
}
