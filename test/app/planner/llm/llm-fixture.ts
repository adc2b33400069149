// The LLM planner's world in tests: the Kubernetes emulator (real read-only tools through the
// same ToolCaller as the rules planner) and the OpenAI-compatible emulator playing a script.
import {
  createModelClient,
  type LlmPlannerSettings,
  type PlanningStats,
} from "../../../../app/planner/llm/index.ts";
import { type LlmPlanOutcome, planWithLlm } from "../../../../app/planner/llm/plan-with-llm.ts";
import { DEFAULT_LLM_SETTINGS } from "../../../../app/planner/llm/settings.ts";
import type { PlanRequest } from "../../../../app/planner/rules/index.ts";
import { inProcessToolCaller } from "../../../../app/tool-caller.ts";
import { demoCluster } from "../../../../scripts/demo-cluster.ts";
import {
  createKubeClients,
  createToolRegistry,
  Policy,
  type PolicySettings,
} from "../../../../tools/index.ts";
import { type KubeEmulator, startKubeEmulator } from "../../../emulators/kube/index.ts";
import type { KubeObject } from "../../../emulators/kube/types.ts";
import { type OpenAIEmulator, startOpenAIEmulator } from "../../../emulators/openai/index.ts";

export const NOW = new Date("2026-11-25T10:00:00Z");
export const MODEL = "scripted-model-1";

export interface LlmFixture {
  kube: KubeEmulator;
  openai: OpenAIEmulator;
  settings: LlmPlannerSettings;
  /** Plans `text` under the server policy narrowed by `policy` (default: everything, writes allowed in plans). */
  plan(
    text: string,
    options?: { policy?: Partial<PolicySettings>; settings?: Partial<LlmPlannerSettings> },
  ): Promise<LlmPlanOutcome>;
  close(): Promise<void>;
}

export function request(text: string): PlanRequest {
  return { text, by: "dev", url: "https://github.com/acme/shop/issues/7#issuecomment-1", issueNumber: 7 };
}

export async function startLlmFixture(
  options: { seed?: KubeObject[]; refuseJsonSchema?: boolean } = {},
): Promise<LlmFixture> {
  const [kube, openai] = await Promise.all([
    startKubeEmulator({ readyDelayMs: 10, seed: options.seed ?? demoCluster() }),
    startOpenAIEmulator({ refuseJsonSchema: options.refuseJsonSchema }),
  ]);
  const registry = createToolRegistry();
  const kubeClients = createKubeClients(kube.kubeConfig());
  const settings: LlmPlannerSettings = {
    ...DEFAULT_LLM_SETTINGS,
    baseUrl: openai.baseUrl,
    model: MODEL,
    apiKey: "sk-test-not-a-real-key",
    timeoutMs: 2000,
  };
  return {
    kube,
    openai,
    settings,
    async plan(text, { policy = {}, settings: overrides = {} } = {}) {
      const readPolicy = new Policy({ ...policy, allowWrite: false });
      const effective = { ...settings, ...overrides };
      return planWithLlm(
        request(text),
        {
          tools: inProcessToolCaller({
            registry,
            context: { kube: kubeClients, policy: readPolicy },
            mutating: "none",
          }),
          readRepoFile: async () => undefined,
          now: () => NOW,
          registry,
          readPolicy,
          planPolicy: readPolicy.withWrite(true),
          model: createModelClient(effective),
        },
        effective,
      );
    },
    async close() {
      await Promise.all([kube.close(), openai.close()]);
    },
  };
}

/** The structured-output answer a model gives for "scale web to 5 in shop". */
export const SCALE_WEB_DRAFT = {
  slug: "scale web",
  steps: [
    {
      id: "scale-web",
      tool: "k8s_scale",
      args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 },
      reason: "Scale web from 3 to 5 replicas as requested.",
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

export function statsOf(outcome: LlmPlanOutcome): PlanningStats {
  return outcome.stats;
}

/** Every message text sent to the model in all recorded requests, as one string. */
export function everythingSent(openai: OpenAIEmulator): string {
  return openai.requests.map((r) => JSON.stringify(r.body)).join("\n");
}
