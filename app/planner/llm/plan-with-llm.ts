// The LLM planner: the model reads the cluster through read-only tools, proposes a plan draft as
// structured output, and the engine validates it (the Plan schema, each tool's and check's
// argument schema) and filters it against the effective policy. Everything is bounded: rounds of
// tool calls, tool calls, bytes per result, corrections of invalid answers, retries per request.
// Any failure is a reply that says why; no plan is half-made.
import type {
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import type { Policy } from "../../../tools/policy.ts";
import type { ToolRegistry } from "../../../tools/registry.ts";
import type { Plan } from "../../plan/index.ts";
import type { PlannerContext, PlanRequest } from "../rules/index.ts";
import { buildPlan } from "./build-plan.ts";
import { runDiscoveryCall } from "./discovery.ts";
import { ModelCallError, type ModelClient, type ModelRequest, ModelRequestRefused } from "./model-client.ts";
import { parseDraftText, planDraftJsonSchema } from "./plan-draft.ts";
import { emptyStats, type PlanningStats, planLabels } from "./planning-stats.ts";
import { type DroppedEntry, describeDropped, filterPlanByPolicy } from "./policy-filter.ts";
import { FINAL_ROUND_MESSAGE, repairMessage, requestMessage, systemPrompt } from "./prompt.ts";
import type { LlmPlannerSettings } from "./settings.ts";
import { checkCatalog, discoveryFunctions, stepToolCatalog } from "./tool-catalog.ts";

export interface LlmPlannerContext extends PlannerContext {
  registry: ToolRegistry;
  /** The policy discovery calls run under (the one `tools` was made with): lists the callable tools. */
  readPolicy: Policy;
  /** The effective policy of the plan (writes allowed as the server allows): steps outside it are dropped. */
  planPolicy: Policy;
  model: ModelClient;
}

export type LlmPlanOutcome =
  | { ok: true; plan: Plan; dropped: DroppedEntry[]; stats: PlanningStats }
  | { ok: false; reply: string; dropped: DroppedEntry[]; stats: PlanningStats };

type Limits = Pick<
  LlmPlannerSettings,
  "maxRounds" | "maxRepairs" | "maxToolResultBytes" | "maxToolCalls" | "maxPlanningMs"
>;

export async function planWithLlm(
  request: PlanRequest,
  context: LlmPlannerContext,
  limits: Limits,
): Promise<LlmPlanOutcome> {
  const started = performance.now();
  const stats = emptyStats(context.model.model);
  const finish = <T extends LlmPlanOutcome>(outcome: T): T => {
    stats.planningMs = performance.now() - started;
    return outcome;
  };
  const fail = (why: string, dropped: DroppedEntry[] = []) =>
    finish({
      ok: false as const,
      reply: `Planning with the model ${context.model.model} failed: ${why}. Nothing was opened.`,
      dropped,
      stats,
    });

  const functions = discoveryFunctions(context.registry, context.readPolicy);
  const messages: ChatCompletionMessageParam[] = [
    {
      role: "system",
      content: systemPrompt({
        stepTools: stepToolCatalog(context.registry, context.planPolicy),
        checks: checkCatalog(),
        planPolicy: context.planPolicy,
        maxRounds: limits.maxRounds,
      }),
    },
    { role: "user", content: requestMessage(request.text, request.by) },
  ];
  let structured = true;
  let corrections = 0;
  const refuseCalls = (calls: ChatCompletionMessageToolCall[], why: string) => {
    for (const call of calls) {
      messages.push({ role: "tool", tool_call_id: call.id, content: `Refused: ${why}` });
      stats.refusedCalls++;
    }
  };

  // Each turn is a tool round, a correction or the answer; the bound is their sum.
  const maxTurns = limits.maxRounds + limits.maxRepairs + 2;
  for (let turn = 0; turn < maxTurns; turn++) {
    if (performance.now() - started > limits.maxPlanningMs) {
      return fail(`planning took longer than ${limits.maxPlanningMs} ms`);
    }
    const toolsOffered = stats.toolRounds < limits.maxRounds && functions.length > 0;
    const modelRequest: ModelRequest = {
      messages,
      ...(toolsOffered ? { tools: functions, tool_choice: "auto" as const } : {}),
      ...(structured
        ? {
            response_format: {
              type: "json_schema" as const,
              json_schema: { name: "skyflo_plan", schema: planDraftJsonSchema(), strict: false },
            },
          }
        : {}),
    };
    let reply: Awaited<ReturnType<ModelClient["complete"]>>;
    try {
      reply = await context.model.complete(modelRequest);
    } catch (error) {
      // Servers without structured output refuse response_format: ask again for plain JSON, once.
      if (error instanceof ModelRequestRefused && structured) {
        structured = false;
        turn--;
        continue;
      }
      if (error instanceof ModelCallError) return fail(error.message);
      throw error;
    }
    stats.modelRequests++;
    stats.promptTokens += reply.promptTokens;
    stats.completionTokens += reply.completionTokens;
    stats.modelMs += reply.modelMs;
    const calls = reply.message.tool_calls ?? [];
    if (calls.length > 0) {
      messages.push({ role: "assistant", content: reply.message.content ?? null, tool_calls: calls });
      if (!toolsOffered) {
        // Past the last round: the model keeps calling tools instead of answering.
        refuseCalls(calls, "no more function calls; answer with the plan.");
        if (corrections >= limits.maxRepairs) {
          return fail(
            `it kept calling tools after ${limits.maxRounds} round(s) of discovery instead of answering with a plan`,
          );
        }
        corrections++;
        stats.repairs++;
        messages.push({ role: "user", content: FINAL_ROUND_MESSAGE });
        continue;
      }
      stats.toolRounds++;
      for (const call of calls) {
        if (stats.discoveryCalls.length >= limits.maxToolCalls) {
          refuseCalls([call], `the limit of ${limits.maxToolCalls} tool calls per plan is reached.`);
          continue;
        }
        const ran = await runDiscoveryCall(call, {
          tools: context.tools,
          registry: context.registry,
          maxResultBytes: limits.maxToolResultBytes,
        });
        messages.push(ran.message);
        if (ran.call.ran) stats.discoveryCalls.push(ran.call.tool);
        else stats.refusedCalls++;
      }
      if (stats.toolRounds >= limits.maxRounds) messages.push({ role: "user", content: FINAL_ROUND_MESSAGE });
      continue;
    }

    const content = reply.message.content ?? "";
    const parsed = parseDraftText(content);
    let problem: string;
    if (parsed.ok) {
      const draft = parsed.draft;
      if (draft.steps.length === 0 && draft.cannotPlan !== undefined) {
        return finish({
          ok: false as const,
          reply: `The model ${context.model.model} could not plan this request: ${draft.cannotPlan.slice(0, 1000)} Nothing was opened.`,
          dropped: [],
          stats,
        });
      }
      const built = buildPlan(
        {
          text: request.text,
          by: request.by,
          url: request.url,
          issueNumber: request.issueNumber,
          createdAt: context.now(),
          planner: `llm:${context.model.model}`,
        },
        draft,
      );
      if (built.ok) {
        const filtered = filterPlanByPolicy(built.plan, context.registry, context.planPolicy);
        if (filtered.plan === undefined) {
          const lines = filtered.dropped.map((entry) => `- ${describeDropped(entry)}`);
          return finish({
            ok: false as const,
            reply: [
              `The model ${context.model.model} proposed only steps that this repository and server do not allow, so nothing was opened. Dropped:`,
              ...lines,
            ].join("\n"),
            dropped: filtered.dropped,
            stats,
          });
        }
        stats.planningMs = performance.now() - started;
        const plan: Plan = {
          ...filtered.plan,
          metadata: { ...filtered.plan.metadata, labels: planLabels(stats, filtered.dropped) },
        };
        return finish({ ok: true as const, plan, dropped: filtered.dropped, stats });
      }
      problem = built.problem;
    } else {
      problem = parsed.problem;
    }
    if (corrections >= limits.maxRepairs) {
      return fail(`its answer was still invalid after ${corrections} correction(s): ${problem}`);
    }
    corrections++;
    stats.repairs++;
    messages.push({ role: "assistant", content });
    messages.push({ role: "user", content: repairMessage(problem) });
  }
  return fail(`no usable answer after ${maxTurns} model requests`);
}
