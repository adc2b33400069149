// The emulator's HTTP side: POST <base>/chat/completions answers from the script; every request is
// recorded first. Replies have the shape of OpenAI's chat.completion objects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RecordedRequest, Script, ScriptedReply } from "./script.ts";

export interface EmulatorState {
  script: Script;
  requests: RecordedRequest[];
  /** Index of the next reply of a list script. */
  next: number;
  timers: Set<NodeJS.Timeout>;
  /** Chat requests that asked for `response_format: json_schema` get a 400 (a server without structured output). */
  refuseJsonSchema: boolean;
}

let completionCounter = 0;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  if (response.destroyed) return;
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(value));
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  sendJson(
    response,
    status,
    { error: { message, type: status === 429 ? "rate_limit_error" : "server_error", code: null } },
    headers,
  );
}

const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function completion(
  model: string,
  message: Record<string, unknown>,
  finishReason: string,
  promptTokens: number,
  completionTokens: number,
) {
  completionCounter++;
  return {
    id: `chatcmpl-emulator-${completionCounter}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

function answer(
  state: EmulatorState,
  response: ServerResponse,
  recorded: RecordedRequest,
  reply: ScriptedReply,
  promptText: string,
) {
  const model = recorded.body.model;
  if ("delayMs" in reply) {
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      answer(state, response, recorded, reply.reply ?? { content: "(late answer)" }, promptText);
    }, reply.delayMs);
    state.timers.add(timer);
    return;
  }
  if ("status" in reply) {
    sendError(response, reply.status, reply.message ?? `scripted HTTP ${reply.status}`, reply.headers);
    return;
  }
  if ("rawBody" in reply) {
    if (response.destroyed) return;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(reply.rawBody);
    return;
  }
  const promptTokens = reply.usage?.promptTokens ?? estimateTokens(promptText);
  if ("toolCalls" in reply) {
    const calls = reply.toolCalls.map((call, index) => ({
      id: call.id ?? `call_${completionCounter + 1}_${index}`,
      type: "function",
      function: {
        name: call.name,
        arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
      },
    }));
    const completionTokens = reply.usage?.completionTokens ?? estimateTokens(JSON.stringify(calls));
    sendJson(
      response,
      200,
      completion(
        model,
        { role: "assistant", content: null, tool_calls: calls, refusal: null },
        "tool_calls",
        promptTokens,
        completionTokens,
      ),
    );
    return;
  }
  const content = "json" in reply ? JSON.stringify(reply.json) : reply.content;
  const completionTokens = reply.usage?.completionTokens ?? estimateTokens(content);
  sendJson(
    response,
    200,
    completion(model, { role: "assistant", content, refusal: null }, "stop", promptTokens, completionTokens),
  );
}

function nextReply(
  state: EmulatorState,
  recorded: RecordedRequest,
  index: number,
): ScriptedReply | undefined {
  if (typeof state.script === "function") return state.script(recorded, index);
  const reply = state.script[state.next];
  if (reply !== undefined) state.next++;
  return reply;
}

export function createEmulatorServer(state: EmulatorState): Server {
  return createServer((request, response) => {
    void (async () => {
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      if (request.method === "GET" && path.endsWith("/models")) {
        sendJson(response, 200, { object: "list", data: [] });
        return;
      }
      if (request.method !== "POST" || !path.endsWith("/chat/completions")) {
        sendError(
          response,
          404,
          `The emulator serves POST …/chat/completions, not ${request.method} ${path}.`,
        );
        return;
      }
      const text = await readBody(request);
      let body: RecordedRequest["body"];
      try {
        body = JSON.parse(text) as RecordedRequest["body"];
      } catch {
        sendError(response, 400, "The request body is not JSON.");
        return;
      }
      const recorded: RecordedRequest = { path, headers: request.headers, body };
      const index = state.requests.length;
      state.requests.push(recorded);
      if (state.refuseJsonSchema && body.response_format?.type === "json_schema") {
        sendError(response, 400, "response_format json_schema is not supported by this server.");
        return;
      }
      const reply = nextReply(state, recorded, index);
      if (reply === undefined) {
        sendError(response, 500, `The emulator's script has no reply for chat request #${index + 1}.`);
        return;
      }
      answer(state, response, recorded, reply, JSON.stringify(body.messages));
    })().catch((error: unknown) => sendError(response, 500, `emulator failure: ${String(error)}`));
  });
}
