// Tool calls through an MCP client, so execution goes through the same server (policy, deadlines,
// redaction) as any other MCP client would. Tool failures come back as results, never throws.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolCaller } from "../tool-caller.ts";

const textOf = (result: CallToolResult) =>
  result.content.map((item) => (item.type === "text" ? item.text : `[${item.type}]`)).join("\n");

export function mcpToolCaller(client: Client): ToolCaller {
  return {
    async call(tool, args) {
      let result: CallToolResult;
      try {
        result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: `The MCP call of ${tool} failed: ${message}` };
      }
      const text = textOf(result);
      if (result.isError) return { ok: false, error: text || `${tool} returned an error without a message.` };
      return {
        ok: true,
        summary: text.split("\n")[0] ?? "",
        data: (result.structuredContent ?? {}) as Record<string, unknown>,
      };
    },
  };
}

/**
 * Which of the server's tools change the cluster, from their MCP annotations: only an explicit
 * readOnlyHint: true is read-only; tools the server does not list count as mutating (fail closed).
 */
export async function mcpMutatingTools(client: Client): Promise<(tool: string) => boolean> {
  const readOnly = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    for (const tool of page.tools) if (tool.annotations?.readOnlyHint === true) readOnly.add(tool.name);
    cursor = page.nextCursor;
  } while (cursor);
  return (tool) => !readOnly.has(tool);
}
