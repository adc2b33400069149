// Runs one task: a fresh emulated cluster seeded as the task says, set up with real tool calls,
// then the planner (rules, or the LLM planner against some endpoint), then the structural score.
import {
  type LlmPlannerSettings,
  type ModelClient,
  type PlanningStats,
  planWithLlm,
} from "../app/planner/llm/index.ts";
import { type PlanOutcome, planWithRules } from "../app/planner/rules/index.ts";
import { inProcessToolCaller } from "../app/tool-caller.ts";
import { type KubeEmulator, startKubeEmulator } from "../test/emulators/kube/index.ts";
import type { KubeObject } from "../test/emulators/kube/types.ts";
import { createKubeClients, createToolRegistry, invokeTool, Policy } from "../tools/index.ts";
import { scoreOutcome, type TaskScore } from "./score.ts";
import { loadCluster, type Task } from "./task.ts";

const NOW = new Date("2026-11-25T10:00:00Z");
const registry = createToolRegistry();

export type TaskPlanner =
  | { kind: "rules" }
  | { kind: "llm"; settings: LlmPlannerSettings; model: ModelClient };

export interface TaskRun {
  score: TaskScore;
  stats?: PlanningStats;
}

async function prepareCluster(task: Task): Promise<KubeEmulator> {
  const seed = [...(await loadCluster(task.cluster)), ...task.seed] as KubeObject[];
  const kube = await startKubeEmulator({ readyDelayMs: 0, seed });
  try {
    const context = { kube: createKubeClients(kube.kubeConfig()), policy: new Policy({ allowWrite: true }) };
    for (const step of task.setup) {
      const tool = registry.get(step.tool);
      if (!tool) throw new Error(`task ${task.id}: setup names unknown tool ${step.tool}`);
      const result = await invokeTool(tool, step.args, context);
      if (result.isError)
        throw new Error(`task ${task.id}: setup ${step.tool} failed: ${JSON.stringify(result.content)}`);
      await kube.idle();
    }
    return kube;
  } catch (error) {
    await kube.close();
    throw error;
  }
}

export async function runTask(task: Task, planner: TaskPlanner): Promise<TaskRun> {
  const kube = await prepareCluster(task);
  try {
    const readPolicy = new Policy({ ...task.policy, allowWrite: false });
    const base = {
      tools: inProcessToolCaller({
        registry,
        context: { kube: createKubeClients(kube.kubeConfig()), policy: readPolicy },
        mutating: "none",
      }),
      readRepoFile: async (path: string) => task.files[path],
      now: () => NOW,
    };
    const request = {
      text: task.request,
      by: "eval",
      url: "https://github.com/acme/shop/issues/1#issuecomment-1",
      issueNumber: 1,
    };
    if (planner.kind === "rules") {
      const outcome: PlanOutcome = await planWithRules(request, base);
      return { score: scoreOutcome(task, outcome) };
    }
    const outcome = await planWithLlm(
      request,
      { ...base, registry, readPolicy, planPolicy: readPolicy.withWrite(true), model: planner.model },
      planner.settings,
    );
    return { score: scoreOutcome(task, outcome), stats: outcome.stats };
  } finally {
    await kube.close();
  }
}
