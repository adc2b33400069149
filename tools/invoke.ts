// Calling one tool: policy first, then the handler under a deadline, then the result redacted
// and bounded. Failures come back as `isError` results with an actionable sentence, never throws.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolContext, ToolDefinition } from "./registry.ts";
import { withDeadline } from "./shared/deadline.ts";
import { redactSecrets } from "./shared/redact.ts";
import { ToolError } from "./shared/tool-error.ts";
import { truncateText } from "./shared/truncate.ts";

function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}

export async function invokeTool(
  tool: ToolDefinition,
  rawArgs: unknown,
  context: Omit<ToolContext, "signal">,
  parentSignal?: AbortSignal,
): Promise<CallToolResult> {
  const { policy } = context;
  const toolVerdict = policy.toolVerdict(tool);
  if (!toolVerdict.allowed) return errorResult(toolVerdict.reason);

  // The MCP server validates arguments already; parsing again keeps direct callers (the executor,
  // the planner) on the same rules and gives us the parsed, defaulted value.
  const parsed = tool.input.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "(arguments)"}: ${issue.message}`,
    );
    return errorResult(`Invalid arguments for ${tool.name}: ${problems.join("; ")}`);
  }
  const args = parsed.data;

  for (const target of tool.targets(args)) {
    const verdict = policy.namespaceVerdict(target);
    if (!verdict.allowed) return errorResult(`${tool.name} refused: ${verdict.reason}`);
  }

  try {
    const result = await withDeadline(
      tool.name,
      policy.settings.callTimeoutMs,
      (signal) => tool.handler(args, { ...context, signal }),
      parentSignal,
    );
    const data = redactSecrets(result.data);
    const text = truncateText(`${result.summary}\n\n${JSON.stringify(data)}`, policy.settings.maxOutputBytes);
    return { content: [{ type: "text", text }], structuredContent: data as Record<string, unknown> };
  } catch (error) {
    if (error instanceof ToolError) return errorResult(error.message);
    const message = error instanceof Error ? error.message : String(error);
    return errorResult(`${tool.name} failed unexpectedly: ${message}`);
  }
}
