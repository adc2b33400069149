// What the OpenAI-compatible emulator answers: a script of replies, played in order (or chosen by a
// function of the request), so tests can play a model turn by turn, failure modes included.

export interface ScriptedToolCall {
  name: string;
  /** An object (sent as JSON text) or the raw arguments text (e.g. malformed JSON). */
  arguments: unknown;
  id?: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export type ScriptedReply =
  /** The assistant calls tools. */
  | { toolCalls: ScriptedToolCall[]; usage?: Usage }
  /** The assistant answers with text (a plan as JSON, malformed JSON, prose…). */
  | { content: string; usage?: Usage }
  /** The assistant answers with this value as JSON text (a structured-output plan). */
  | { json: unknown; usage?: Usage }
  /** An HTTP error, e.g. 429 with retry-after, or 500. */
  | { status: number; message?: string; headers?: Record<string, string> }
  /** A 200 whose body is not JSON (a proxy's error page, a cut stream). */
  | { rawBody: string }
  /** Waits this long before answering `reply` (default: a plain text answer); beyond the client's timeout, it never arrives. */
  | { delayMs: number; reply?: ScriptedReply };

export interface RecordedRequest {
  /** Path of the request, e.g. /v1/chat/completions. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body. */
  body: ChatRequestBody;
}

/** The parts of a Chat Completions request the emulator and tests look at. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: unknown;
  response_format?: { type: string; json_schema?: { name: string; schema?: unknown; strict?: boolean } };
  stream?: boolean;
  [key: string]: unknown;
}

/** A list played in order, or a function of the request and its index (0-based) among chat requests. */
export type Script = ScriptedReply[] | ((request: RecordedRequest, index: number) => ScriptedReply);
