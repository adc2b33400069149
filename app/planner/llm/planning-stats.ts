// What one LLM planning run cost, and the plan labels that record it (labels are metadata: outside
// the digest, never affecting what executes). Label values are capped at 256 characters.
import { MAX_LABELS } from "../../plan/index.ts";
import { type DroppedEntry, describeDropped } from "./policy-filter.ts";

export interface PlanningStats {
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** Model requests made (retries of one request not counted). */
  modelRequests: number;
  /** Turns in which the model called tools. */
  toolRounds: number;
  /** Tools that ran, in order. */
  discoveryCalls: string[];
  /** Tool calls refused (mutating, unknown, over the limit). */
  refusedCalls: number;
  /** Invalid answers sent back with the validation error. */
  repairs: number;
  /** Time spent waiting on the model (retries and waits included). */
  modelMs: number;
  /** The whole planning run. */
  planningMs: number;
}

export function emptyStats(model: string): PlanningStats {
  return {
    model,
    promptTokens: 0,
    completionTokens: 0,
    modelRequests: 0,
    toolRounds: 0,
    discoveryCalls: [],
    refusedCalls: 0,
    repairs: 0,
    modelMs: 0,
    planningMs: 0,
  };
}

const MAX_VALUE = 256;
/** Labels kept for the planner's own figures; the rest may name dropped entries. */
const STAT_LABELS = 8;

function capped(text: string): string {
  return text.length <= MAX_VALUE ? text : `${text.slice(0, MAX_VALUE - 1)}…`;
}

export const DROPPED_LABEL_PREFIX = "skyflo.dev/dropped-";

export function planLabels(stats: PlanningStats, dropped: DroppedEntry[]): Record<string, string> {
  const labels: Record<string, string> = {
    "skyflo.dev/llm-prompt-tokens": String(stats.promptTokens),
    "skyflo.dev/llm-completion-tokens": String(stats.completionTokens),
    "skyflo.dev/llm-requests": String(stats.modelRequests),
    "skyflo.dev/llm-discovery-calls": String(stats.discoveryCalls.length),
    "skyflo.dev/llm-planning-ms": String(Math.round(stats.planningMs)),
  };
  if (stats.discoveryCalls.length > 0)
    labels["skyflo.dev/llm-discovery"] = capped(stats.discoveryCalls.join(","));
  const room = MAX_LABELS - STAT_LABELS;
  dropped.slice(0, room).forEach((entry, index) => {
    labels[`${DROPPED_LABEL_PREFIX}${String(index + 1).padStart(2, "0")}`] = capped(describeDropped(entry));
  });
  if (dropped.length > room) labels[`${DROPPED_LABEL_PREFIX}more`] = `${dropped.length - room} more`;
  return labels;
}
