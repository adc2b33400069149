// One MCP server for every transport (stdio, streamable HTTP, in-memory in tests): the registry's
// tools that policy allows, each with its schemas and annotations. Read-only unless the policy
// allows writes; a tool policy hides is neither listed nor callable.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { invokeTool } from "./invoke.ts";
import type { ToolContext, ToolRegistry } from "./registry.ts";

export interface BuildServerOptions {
  registry: ToolRegistry;
  /** Everything a handler needs except the per-call signal. */
  context: Omit<ToolContext, "signal">;
  name?: string;
  version?: string;
}

export function buildServer({
  registry,
  context,
  name = "skyflo",
  version = "0.1.0",
}: BuildServerOptions): McpServer {
  const server = new McpServer(
    { name, version },
    {
      instructions:
        "Kubernetes tools for Skyflo. Read-only tools are safe to call; mutating tools accept dryRun: true and then return the diff they would make.",
    },
  );
  for (const tool of registry.list()) {
    if (!context.policy.toolVerdict(tool).allowed) continue;
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: unknown): Promise<CallToolResult> => invokeTool(tool, args, context),
    );
  }
  return server;
}
