// The LLM planner: plans requests with any OpenAI-compatible model, safely (see plan-with-llm.ts).
export {
  type PlanningContext,
  type PlanningOutcome,
  planRequest,
  rulesGrammarReads,
} from "./choose-planner.ts";
export {
  createModelClient,
  ModelCallError,
  type ModelClient,
  type ModelReply,
  retryAfterMs,
} from "./model-client.ts";
export { type LlmPlannerContext, type LlmPlanOutcome, planWithLlm } from "./plan-with-llm.ts";
export { DROPPED_LABEL_PREFIX, type PlanningStats, planLabels } from "./planning-stats.ts";
export { type DroppedEntry, describeDropped, filterPlanByPolicy } from "./policy-filter.ts";
export {
  DEFAULT_LLM_SETTINGS,
  type LlmPlannerSettings,
  LlmSettingsError,
  llmSettingsFromEnv,
} from "./settings.ts";
export { discoveryFunctions } from "./tool-catalog.ts";
