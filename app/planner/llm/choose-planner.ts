// Which planner plans a request: the rules planner when no model is configured, or when
// rules-first is on and the rules grammar reads the request (no tokens, deterministic); the
// LLM planner otherwise.
import type { Policy } from "../../../tools/policy.ts";
import type { ToolRegistry } from "../../../tools/registry.ts";
import type { Plan } from "../../plan/index.ts";
import {
  type PlannerContext,
  type PlanRequest,
  parseRequest,
  planWithRules,
  tokenize,
} from "../rules/index.ts";
import { createModelClient, type ModelClient } from "./model-client.ts";
import { planWithLlm } from "./plan-with-llm.ts";
import type { PlanningStats } from "./planning-stats.ts";
import type { DroppedEntry } from "./policy-filter.ts";
import type { LlmPlannerSettings } from "./settings.ts";

export interface PlanningContext extends PlannerContext {
  registry: ToolRegistry;
  /** The policy `tools` calls run under. */
  readPolicy: Policy;
  /** The effective policy the plan must fit (what make-plan checks afterwards too). */
  planPolicy: Policy;
}

export type PlanningOutcome =
  | { ok: true; plan: Plan; dropped: DroppedEntry[]; stats?: PlanningStats }
  | { ok: false; reply: string; dropped: DroppedEntry[]; stats?: PlanningStats };

/** Whether the rules grammar reads the request (the rules planner may still refuse it). */
export function rulesGrammarReads(text: string): boolean {
  const tokens = tokenize(text);
  return tokens.ok && parseRequest(tokens.tokens).ok;
}

const clients = new WeakMap<LlmPlannerSettings, ModelClient>();

function modelClientFor(settings: LlmPlannerSettings): ModelClient {
  let client = clients.get(settings);
  if (client === undefined) {
    client = createModelClient(settings);
    clients.set(settings, client);
  }
  return client;
}

export async function planRequest(
  request: PlanRequest,
  context: PlanningContext,
  llm: LlmPlannerSettings | undefined,
  model?: ModelClient,
): Promise<PlanningOutcome> {
  if (llm === undefined || (llm.rulesFirst && rulesGrammarReads(request.text))) {
    const outcome = await planWithRules(request, context);
    return { ...outcome, dropped: [] };
  }
  return planWithLlm(request, { ...context, model: model ?? modelClientFor(llm) }, llm);
}
