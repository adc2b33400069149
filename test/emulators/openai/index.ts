// A loopback OpenAI-compatible Chat Completions server that plays scripted conversations (tool
// calls, structured-output plans, malformed JSON, 429 with retry-after, 5xx, answers too late,
// endless tool calls) and records every request so tests can assert what was sent.
import type { AddressInfo } from "node:net";
import type { RecordedRequest, Script } from "./script.ts";
import { createEmulatorServer, type EmulatorState } from "./server.ts";

export type {
  ChatRequestBody,
  RecordedRequest,
  Script,
  ScriptedReply,
  ScriptedToolCall,
  Usage,
} from "./script.ts";

export interface OpenAIEmulatorOptions {
  script?: Script;
  host?: string;
  port?: number;
  /** Behave like a server without structured output: a request with response_format json_schema gets a 400. */
  refuseJsonSchema?: boolean;
}

export interface OpenAIEmulator {
  /** Base URL for the openai SDK (`…/v1`). */
  readonly baseUrl: string;
  /** Every chat request, in order. */
  readonly requests: RecordedRequest[];
  /** Replaces the script (a list restarts at its first reply) and forgets recorded requests. */
  play(script: Script): void;
  /** Replies of a list script not played yet. */
  remaining(): number;
  close(): Promise<void>;
}

export async function startOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const state: EmulatorState = {
    script: options.script ?? [],
    requests: [],
    next: 0,
    timers: new Set(),
    refuseJsonSchema: options.refuseJsonSchema ?? false,
  };
  const server = createEmulatorServer(state);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host}:${port}/v1`,
    get requests() {
      return state.requests;
    },
    play(script) {
      state.script = script;
      state.next = 0;
      state.requests.length = 0;
    },
    remaining() {
      return Array.isArray(state.script) ? state.script.length - state.next : 0;
    },
    async close() {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
