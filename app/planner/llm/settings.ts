// The LLM planner's server settings, from the environment. No model or no key configured means
// no LLM planner: requests are planned by the rules planner as before.
//   SKYFLO_LLM_BASE_URL      OpenAI-compatible endpoint (default https://api.openai.com/v1)
//   SKYFLO_LLM_MODEL         model name, e.g. gpt-4o-mini, llama3.1:8b
//   SKYFLO_LLM_API_KEY       the key (local servers that need none: any non-empty text)
//   SKYFLO_LLM_TIMEOUT_MS    deadline of one model request (default 60000)
//   SKYFLO_LLM_MAX_ROUNDS    discovery rounds (model turns that call tools) per plan (default 6)
//   SKYFLO_LLM_RULES_FIRST   plan what the rules grammar reads without the model (default true)
import { z } from "zod";

export type Environment = Record<string, string | undefined>;

export interface LlmPlannerSettings {
  baseUrl: string;
  model: string;
  apiKey: string;
  /** Deadline of one model request. */
  timeoutMs: number;
  /** Model turns that may call tools before the model must answer with the plan. */
  maxRounds: number;
  /** Requests the rules grammar reads are planned by the rules planner (no tokens, deterministic). */
  rulesFirst: boolean;
  /** Invalid plans sent back to the model with the validation error before giving up. */
  maxRepairs: number;
  /** Retries of one model request after a timeout, 429 or 5xx. */
  maxRetries: number;
  /** Longest wait Skyflo accepts from a 429's retry-after (longer: give up with a reply). */
  maxRetryWaitMs: number;
  /** Bytes of one tool result shown to the model; the rest is cut with a note. */
  maxToolResultBytes: number;
  /** Tool calls the model may make in all (a model asking for many calls per turn). */
  maxToolCalls: number;
  /** No new model request starts after this long: the queue is not held for ever. */
  maxPlanningMs: number;
}

export const DEFAULT_LLM_SETTINGS = {
  baseUrl: "https://api.openai.com/v1",
  timeoutMs: 60_000,
  maxRounds: 6,
  rulesFirst: true,
  maxRepairs: 2,
  maxRetries: 2,
  maxRetryWaitMs: 30_000,
  maxToolResultBytes: 16 * 1024,
  maxToolCalls: 24,
  maxPlanningMs: 5 * 60_000,
} as const;

export class LlmSettingsError extends Error {
  override readonly name = "LlmSettingsError";
}

// Same shape the plan's `planner: llm:<model>` accepts, so every configured model can sign its plans.
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `${name} must be a whole number` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${name} must be at least ${min}` })
        .max(max, { error: `${name} must be at most ${max}` }),
    );

const EnvSchema = z.object({
  SKYFLO_LLM_BASE_URL: z
    .url({
      protocol: /^https?$/,
      error: "SKYFLO_LLM_BASE_URL must be an http(s) URL such as https://api.openai.com/v1",
    })
    .optional(),
  SKYFLO_LLM_MODEL: z
    .string()
    .trim()
    .max(195, { error: "SKYFLO_LLM_MODEL is longer than 195 characters" })
    .regex(MODEL_NAME, {
      error:
        "SKYFLO_LLM_MODEL must be a model name of letters, digits and . _ : / @ + - (such as gpt-4o-mini)",
    }),
  SKYFLO_LLM_API_KEY: z.string().trim().min(1, { error: "SKYFLO_LLM_API_KEY is empty" }),
  SKYFLO_LLM_TIMEOUT_MS: wholeNumber("SKYFLO_LLM_TIMEOUT_MS", 100, 600_000).optional(),
  SKYFLO_LLM_MAX_ROUNDS: wholeNumber("SKYFLO_LLM_MAX_ROUNDS", 0, 20).optional(),
  SKYFLO_LLM_RULES_FIRST: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(["true", "false", "1", "0", "yes", "no"], {
        error: "SKYFLO_LLM_RULES_FIRST must be true or false",
      }),
    )
    .transform((value) => value === "true" || value === "1" || value === "yes")
    .optional(),
});

const blankToUndefined = (env: Environment, name: string) => {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
};

/**
 * The LLM planner's settings, or undefined when no model or key is configured (the rules planner
 * plans alone). Throws LlmSettingsError naming every bad variable and what it should be.
 */
export function llmSettingsFromEnv(env: Environment): LlmPlannerSettings | undefined {
  const names = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];
  const raw = Object.fromEntries(names.map((name) => [name, blankToUndefined(env, name)]));
  const model = raw.SKYFLO_LLM_MODEL;
  const key = raw.SKYFLO_LLM_API_KEY;
  if (model === undefined && key === undefined) return undefined;
  if (model === undefined || key === undefined) {
    const missing = model === undefined ? "SKYFLO_LLM_MODEL" : "SKYFLO_LLM_API_KEY";
    const present = model === undefined ? "SKYFLO_LLM_API_KEY" : "SKYFLO_LLM_MODEL";
    throw new LlmSettingsError(
      `${present} is set but ${missing} is not: set both to plan with a model, or neither to plan with the rules planner only.`,
    );
  }
  const parsed = EnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LlmSettingsError(
      `LLM planner settings: ${parsed.error.issues.map((i) => i.message).join("; ")}.`,
    );
  }
  const values = parsed.data;
  return {
    ...DEFAULT_LLM_SETTINGS,
    baseUrl: values.SKYFLO_LLM_BASE_URL ?? DEFAULT_LLM_SETTINGS.baseUrl,
    model: values.SKYFLO_LLM_MODEL,
    apiKey: values.SKYFLO_LLM_API_KEY,
    timeoutMs: values.SKYFLO_LLM_TIMEOUT_MS ?? DEFAULT_LLM_SETTINGS.timeoutMs,
    maxRounds: values.SKYFLO_LLM_MAX_ROUNDS ?? DEFAULT_LLM_SETTINGS.maxRounds,
    rulesFirst: values.SKYFLO_LLM_RULES_FIRST ?? DEFAULT_LLM_SETTINGS.rulesFirst,
  };
}
