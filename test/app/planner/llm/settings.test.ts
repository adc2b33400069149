import { describe, expect, it } from "vitest";
import {
  DEFAULT_LLM_SETTINGS,
  LlmSettingsError,
  llmSettingsFromEnv,
} from "../../../../app/planner/llm/index.ts";

const base = { SKYFLO_LLM_MODEL: "gpt-4o-mini", SKYFLO_LLM_API_KEY: "sk-123" };

describe("llmSettingsFromEnv", () => {
  it("is undefined without a model and key (blank counts as unset): the rules planner plans alone", () => {
    expect(llmSettingsFromEnv({})).toBeUndefined();
    expect(
      llmSettingsFromEnv({ SKYFLO_LLM_MODEL: " ", SKYFLO_LLM_API_KEY: "", SKYFLO_LLM_TIMEOUT_MS: "5" }),
    ).toBeUndefined();
  });

  it("reads the defaults and every variable", () => {
    expect(llmSettingsFromEnv(base)).toEqual({
      ...DEFAULT_LLM_SETTINGS,
      model: "gpt-4o-mini",
      apiKey: "sk-123",
    });
    expect(
      llmSettingsFromEnv({
        ...base,
        SKYFLO_LLM_MODEL: "meta-llama/Llama-3.1-8B-Instruct",
        SKYFLO_LLM_BASE_URL: "http://127.0.0.1:11434/v1",
        SKYFLO_LLM_TIMEOUT_MS: "15000",
        SKYFLO_LLM_MAX_ROUNDS: "0",
        SKYFLO_LLM_RULES_FIRST: "false",
      }),
    ).toMatchObject({
      model: "meta-llama/Llama-3.1-8B-Instruct",
      baseUrl: "http://127.0.0.1:11434/v1",
      timeoutMs: 15000,
      maxRounds: 0,
      rulesFirst: false,
    });
  });

  it("says which variable is missing when only one of model and key is set", () => {
    expect(() => llmSettingsFromEnv({ SKYFLO_LLM_MODEL: "gpt-4o" })).toThrow(
      "SKYFLO_LLM_MODEL is set but SKYFLO_LLM_API_KEY is not: set both to plan with a model, or neither to plan with the rules planner only.",
    );
    expect(() => llmSettingsFromEnv({ SKYFLO_LLM_API_KEY: "k" })).toThrow(
      /SKYFLO_LLM_API_KEY is set but SKYFLO_LLM_MODEL is not/,
    );
  });

  it("names every bad value and what it should be", () => {
    let error: unknown;
    try {
      llmSettingsFromEnv({
        ...base,
        SKYFLO_LLM_MODEL: "gpt 4",
        SKYFLO_LLM_BASE_URL: "ftp://example",
        SKYFLO_LLM_TIMEOUT_MS: "soon",
        SKYFLO_LLM_MAX_ROUNDS: "99",
        SKYFLO_LLM_RULES_FIRST: "maybe",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LlmSettingsError);
    const message = (error as Error).message;
    expect(message).toContain("SKYFLO_LLM_BASE_URL must be an http(s) URL");
    expect(message).toContain("SKYFLO_LLM_MODEL must be a model name");
    expect(message).toContain("SKYFLO_LLM_TIMEOUT_MS must be a whole number");
    expect(message).toContain("SKYFLO_LLM_MAX_ROUNDS must be at most 20");
    expect(message).toContain("SKYFLO_LLM_RULES_FIRST must be true or false");
  });
});
