// The LLM planner's own overhead per plan, model time excluded: turning tool schemas into function
// definitions and the prompt, validating and policy-filtering the model's plan, and the discovery
// tool calls (against the Kubernetes emulator in its own process). Whole plans are measured with
// a model that answers at once (in process) and through the OpenAI emulator over loopback HTTP;
// in both, overhead = planning time − time waiting on the model.
import { z } from "zod";
import { buildPlan } from "../app/planner/llm/build-plan.ts";
import { runDiscoveryCall } from "../app/planner/llm/discovery.ts";
import {
  createModelClient,
  DEFAULT_LLM_SETTINGS,
  discoveryFunctions,
  filterPlanByPolicy,
  type ModelClient,
  type ModelReply,
  planWithLlm,
} from "../app/planner/llm/index.ts";
import { parseDraftText } from "../app/planner/llm/plan-draft.ts";
import { systemPrompt } from "../app/planner/llm/prompt.ts";
import { checkCatalog, stepToolCatalog } from "../app/planner/llm/tool-catalog.ts";
import { inProcessToolCaller } from "../app/tool-caller.ts";
import { demoCluster } from "../scripts/demo-cluster.ts";
import { startOpenAIEmulator } from "../test/emulators/openai/index.ts";
import { createToolRegistry, Policy } from "../tools/index.ts";
import { startEmulatorProcess } from "./emulator-process.ts";
import { interleave, type Summary, summarize } from "./stats.ts";

const DRAFT = {
  slug: "scale web",
  steps: [
    {
      id: "scale-web",
      tool: "k8s_scale",
      args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 },
      reason: "Scale web to 5.",
    },
  ],
  verify: [
    {
      id: "web-rolled-out",
      check: "k8s_rollout_complete",
      args: { namespace: "shop", kind: "Deployment", name: "web" },
    },
    {
      id: "web-replicas",
      check: "k8s_field_equals",
      args: { namespace: "shop", kind: "Deployment", name: "web", path: "spec.replicas", equals: 5 },
    },
  ],
};
const DRAFT_TEXT = JSON.stringify(DRAFT);
const GET_WEB = { kind: "Deployment", namespace: "shop", name: "web" };

export interface LlmPlanningRow {
  stage: string;
  summary: Summary;
}

export interface LlmPlanningResult {
  firstCatalogMs: number;
  promptBytes: { system: number; functions: number };
  rows: LlmPlanningRow[];
}

/** A model that answers at once: one round of discovery, then the plan. */
function instantModel(): ModelClient {
  let turn = 0;
  const reply = (message: ModelReply["message"]): ModelReply => ({
    message,
    finishReason: "stop",
    promptTokens: 0,
    completionTokens: 0,
    modelMs: 0,
  });
  return {
    model: "instant",
    async complete() {
      turn++;
      if (turn % 2 === 1) {
        return reply({
          role: "assistant",
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: `c${turn}`,
              type: "function",
              function: { name: "k8s_get", arguments: JSON.stringify(GET_WEB) },
            },
          ],
        });
      }
      return reply({ role: "assistant", content: DRAFT_TEXT, refusal: null });
    },
  };
}

export async function benchLlmPlanning(iterations: number, warmup: number): Promise<LlmPlanningResult> {
  const registry = createToolRegistry();
  const readPolicy = new Policy();
  const planPolicy = readPolicy.withWrite(true);

  const started = performance.now();
  const functions = discoveryFunctions(registry, readPolicy);
  const system = systemPrompt({
    stepTools: stepToolCatalog(registry, planPolicy),
    checks: checkCatalog(),
    planPolicy,
    maxRounds: DEFAULT_LLM_SETTINGS.maxRounds,
  });
  const firstCatalogMs = performance.now() - started;

  const kubeProcess = await startEmulatorProcess(demoCluster());
  const openai = await startOpenAIEmulator();
  try {
    const tools = inProcessToolCaller({
      registry,
      context: { kube: kubeProcess.kube, policy: readPolicy },
      mutating: "none",
    });
    const context = {
      tools,
      readRepoFile: async () => undefined,
      now: () => new Date("2026-11-25T10:00:00Z"),
      registry,
      readPolicy,
      planPolicy,
    };
    const request = {
      text: "give web five pods",
      by: "dev",
      url: "https://github.com/acme/shop/issues/1",
      issueNumber: 1,
    };
    const settings = {
      ...DEFAULT_LLM_SETTINGS,
      baseUrl: openai.baseUrl,
      model: "emulated",
      apiKey: "k",
      maxRetries: 0,
    };
    const httpModel = createModelClient(settings);
    // The OpenAI emulator answers every odd request with the discovery call, every even one with the plan.
    openai.play((_, index) =>
      index % 2 === 0 ? { toolCalls: [{ name: "k8s_get", arguments: GET_WEB }] } : { content: DRAFT_TEXT },
    );

    const overhead: Record<string, number[]> = { instant: [], http: [] };
    const samples = await interleave(
      {
        "schema conversion, uncached (all tools → JSON Schema)": async () => {
          for (const tool of registry.list())
            z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any" });
        },
        "function definitions + prompt (cached schemas)": async () => {
          discoveryFunctions(registry, readPolicy);
          systemPrompt({
            stepTools: stepToolCatalog(registry, planPolicy),
            checks: checkCatalog(),
            planPolicy,
            maxRounds: 6,
          });
        },
        "validation: parse + Plan schema + tool args + policy filter": async () => {
          const parsed = parseDraftText(DRAFT_TEXT);
          if (!parsed.ok) throw new Error(parsed.problem);
          const built = buildPlan({ ...request, createdAt: new Date(), planner: "llm:bench" }, parsed.draft);
          if (!built.ok) throw new Error(built.problem);
          filterPlanByPolicy(built.plan, registry, planPolicy);
        },
        "one discovery call (k8s_get, redact, bound)": async () => {
          await runDiscoveryCall(
            { id: "c", type: "function", function: { name: "k8s_get", arguments: JSON.stringify(GET_WEB) } },
            { tools, registry, maxResultBytes: DEFAULT_LLM_SETTINGS.maxToolResultBytes },
          );
        },
        "whole plan, instant in-process model (1 discovery round)": async () => {
          const outcome = await planWithLlm(
            request,
            { ...context, model: instantModel() },
            DEFAULT_LLM_SETTINGS,
          );
          if (!outcome.ok) throw new Error(outcome.reply);
          overhead.instant?.push(outcome.stats.planningMs - outcome.stats.modelMs);
        },
        "whole plan via OpenAI emulator (HTTP, SDK)": async () => {
          const outcome = await planWithLlm(request, { ...context, model: httpModel }, settings);
          if (!outcome.ok) throw new Error(outcome.reply);
          overhead.http?.push(outcome.stats.planningMs - outcome.stats.modelMs);
        },
      },
      iterations,
      warmup,
    );
    const rows: LlmPlanningRow[] = Object.entries(samples).map(([stage, values]) => ({
      stage,
      summary: summarize(values),
    }));
    rows.push({
      stage: "overhead per plan (planning − model wait), instant model",
      summary: summarize((overhead.instant ?? []).slice(warmup)),
    });
    rows.push({
      stage: "overhead per plan (planning − model wait), via HTTP",
      summary: summarize((overhead.http ?? []).slice(warmup)),
    });
    return {
      firstCatalogMs: Math.round(firstCatalogMs * 1000) / 1000,
      promptBytes: {
        system: Buffer.byteLength(system),
        functions: Buffer.byteLength(JSON.stringify(functions)),
      },
      rows,
    };
  } finally {
    await openai.close();
    await kubeProcess.stop();
  }
}
