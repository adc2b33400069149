// Runs the tool calls a model asks for while planning. Only read-only tools run, through the same
// read-only ToolCaller as the rules planner (under the effective policy); a mutating or unknown
// tool is refused with a message saying so and never called. Results are masked and bounded.
import type { ChatCompletionMessageToolCall } from "openai/resources/chat/completions";
import { isMutating, type ToolRegistry } from "../../../tools/registry.ts";
import { redactSecrets } from "../../../tools/shared/redact.ts";
import { truncateText } from "../../../tools/shared/truncate.ts";
import type { ToolCaller } from "../../tool-caller.ts";

export interface DiscoveryCall {
  tool: string;
  /** Whether the tool ran (false: refused or arguments unreadable). */
  ran: boolean;
  ok: boolean;
}

export interface DiscoveryContext {
  tools: ToolCaller;
  registry: ToolRegistry;
  maxResultBytes: number;
}

export interface ToolMessage {
  role: "tool";
  tool_call_id: string;
  content: string;
}

function refuse(call: ChatCompletionMessageToolCall, tool: string, content: string) {
  return {
    message: { role: "tool", tool_call_id: call.id, content } as ToolMessage,
    call: { tool, ran: false, ok: false },
  };
}

export async function runDiscoveryCall(
  call: ChatCompletionMessageToolCall,
  context: DiscoveryContext,
): Promise<{ message: ToolMessage; call: DiscoveryCall }> {
  if (call.type !== "function") return refuse(call, call.type, "Refused: only function calls are supported.");
  const name = call.function.name;
  const tool = context.registry.get(name);
  if (tool === undefined) {
    return refuse(
      call,
      name,
      `Refused: there is no tool named "${name}". Call only the functions you were given.`,
    );
  }
  if (isMutating(tool)) {
    return refuse(
      call,
      name,
      `Refused: ${name} changes the cluster and is never called while planning. Put it in a plan step instead; steps run only after the plan's owners approve it.`,
    );
  }
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments || "{}");
  } catch (error) {
    return refuse(call, name, `Refused: the arguments are not valid JSON (${(error as Error).message}).`);
  }
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    return refuse(call, name, "Refused: the arguments must be a JSON object.");
  }
  const result = await context.tools.call(name, args as Record<string, unknown>);
  const text = result.ok
    ? JSON.stringify(redactSecrets({ summary: result.summary, data: result.data }))
    : `Error: ${result.error}`;
  return {
    message: { role: "tool", tool_call_id: call.id, content: truncateText(text, context.maxResultBytes) },
    call: { tool: name, ran: true, ok: result.ok },
  };
}
