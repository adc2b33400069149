// One model request through the openai SDK (Chat Completions: the common ground of OpenAI-compatible
// servers), with Skyflo's own bounded retries. The SDK's retries are off because they cannot be
// told to give up on a long retry-after: a 429 asking for more than maxRetryWaitMs ends planning
// with a reply instead of holding the queue.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessage,
} from "openai/resources/chat/completions";
import type { LlmPlannerSettings } from "./settings.ts";

export interface ModelReply {
  message: ChatCompletionMessage;
  finishReason: ChatCompletion.Choice["finish_reason"] | undefined;
  promptTokens: number;
  completionTokens: number;
  /** Wall time of the request(s), retries and waits included. */
  modelMs: number;
}

export type ModelRequest = Omit<ChatCompletionCreateParamsNonStreaming, "model" | "stream">;

export interface ModelClient {
  readonly model: string;
  complete(request: ModelRequest): Promise<ModelReply>;
}

/** The model could not be asked (after retries); the message is a sentence for the issue. */
export class ModelCallError extends Error {
  override readonly name = "ModelCallError";
}

/** A 400 from the server: the request itself was refused (e.g. no structured output support). */
export class ModelRequestRefused extends ModelCallError {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** retry-after-ms (OpenAI), retry-after in seconds or as an HTTP date; undefined when absent. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const after = headers?.get("retry-after")?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoffMs(attempt: number): number {
  return Math.min(4000, 250 * 2 ** attempt);
}

function describe(error: unknown, settings: LlmPlannerSettings): string {
  if (error instanceof APIConnectionTimeoutError) {
    return `the model server did not answer within ${settings.timeoutMs} ms (SKYFLO_LLM_TIMEOUT_MS)`;
  }
  if (error instanceof APIConnectionError) {
    return `could not reach the model server at ${settings.baseUrl} (${error.message}); check SKYFLO_LLM_BASE_URL`;
  }
  if (error instanceof APIError) {
    const status = error.status;
    if (status === 401 || status === 403) {
      return `the model server refused the API key (HTTP ${status}); check SKYFLO_LLM_API_KEY`;
    }
    if (status === 404) {
      return `the model server does not know model "${settings.model}" or the Chat Completions path (HTTP 404); check SKYFLO_LLM_MODEL and SKYFLO_LLM_BASE_URL`;
    }
    if (status === 429) return "the model server is rate limiting Skyflo (HTTP 429)";
    return `the model server answered HTTP ${status ?? "error"}: ${error.message}`;
  }
  if (error instanceof SyntaxError)
    return `the model server answered with a body that is not JSON (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}

function retryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true; // timeouts included
  if (error instanceof SyntaxError) return true; // a body that is not JSON: a proxy's error page, a cut stream
  return (
    error instanceof APIError && error.status !== undefined && (error.status === 429 || error.status >= 500)
  );
}

export function createModelClient(
  settings: LlmPlannerSettings,
  options: { fetch?: typeof fetch } = {},
): ModelClient {
  const client = new OpenAI({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey,
    timeout: settings.timeoutMs,
    maxRetries: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    model: settings.model,
    async complete(request) {
      const started = performance.now();
      for (let attempt = 0; ; attempt++) {
        let completion: ChatCompletion;
        try {
          completion = await client.chat.completions.create({
            ...request,
            model: settings.model,
            stream: false,
          });
        } catch (error) {
          if (error instanceof APIError && error.status === 400) {
            throw new ModelRequestRefused(describe(error, settings));
          }
          if (!retryable(error) || attempt >= settings.maxRetries) {
            const tries = attempt + 1;
            throw new ModelCallError(
              `${describe(error, settings)} (${tries} attempt${tries === 1 ? "" : "s"})`,
            );
          }
          const asked = error instanceof APIError ? retryAfterMs(error.headers) : undefined;
          if (asked !== undefined && asked > settings.maxRetryWaitMs) {
            throw new ModelCallError(
              `${describe(error, settings)} and asked to wait ${Math.ceil(asked / 1000)} s, longer than the ${Math.ceil(settings.maxRetryWaitMs / 1000)} s Skyflo waits; ask again later`,
            );
          }
          await sleep(asked ?? backoffMs(attempt));
          continue;
        }
        const choice = completion.choices?.[0];
        if (!choice?.message) throw new ModelCallError("the model server answered without a message");
        return {
          message: choice.message,
          finishReason: choice.finish_reason,
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
          modelMs: performance.now() - started,
        };
      }
    },
  };
}
