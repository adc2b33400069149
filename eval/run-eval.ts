// The eval: every task through the rules planner (on the tasks its grammar reads) and through the
// LLM planner, for each model: live against the endpoint in SKYFLO_LLM_*, or recorded (the
// responses in eval/recorded/<model>/<task>.json replayed by the OpenAI-compatible emulator).
import { readdir, readFile } from "node:fs/promises";
import {
  createModelClient,
  DEFAULT_LLM_SETTINGS,
  type LlmPlannerSettings,
  llmSettingsFromEnv,
  rulesGrammarReads,
} from "../app/planner/llm/index.ts";
import { type ScriptedReply, startOpenAIEmulator } from "../test/emulators/openai/index.ts";
import { runTask, type TaskRun } from "./run-task.ts";
import { EVAL_DIR, loadTasks, type Task } from "./task.ts";

export interface PlannerResult {
  planner: string;
  runs: TaskRun[];
  passed: number;
  total: number;
  /** Tokens over all tasks (LLM planners). */
  tokens?: { prompt: number; completion: number };
}

export interface EvalResult {
  tasks: number;
  rules: PlannerResult;
  models: PlannerResult[];
}

export interface EvalOptions {
  recorded: boolean;
  /** Models to evaluate live (default: SKYFLO_LLM_MODEL); recorded: the directories in eval/recorded/. */
  models?: string[];
  only?: string;
  env?: Record<string, string | undefined>;
  onProgress?: (line: string) => void;
}

function summarize(planner: string, runs: TaskRun[]): PlannerResult {
  const result: PlannerResult = {
    planner,
    runs,
    passed: runs.filter((r) => r.score.passed).length,
    total: runs.length,
  };
  if (runs.some((r) => r.stats)) {
    result.tokens = {
      prompt: runs.reduce((sum, r) => sum + (r.stats?.promptTokens ?? 0), 0),
      completion: runs.reduce((sum, r) => sum + (r.stats?.completionTokens ?? 0), 0),
    };
  }
  return result;
}

async function recordedModels(): Promise<string[]> {
  const entries = await readdir(new URL("recorded/", EVAL_DIR), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function recording(model: string, task: Task): Promise<ScriptedReply[]> {
  const file = new URL(`recorded/${model}/${task.id}.json`, EVAL_DIR);
  return JSON.parse(await readFile(file, "utf8")) as ScriptedReply[];
}

async function evalModelRecorded(
  model: string,
  tasks: Task[],
  progress: (line: string) => void,
): Promise<PlannerResult> {
  const emulator = await startOpenAIEmulator();
  try {
    const settings: LlmPlannerSettings = {
      ...DEFAULT_LLM_SETTINGS,
      baseUrl: emulator.baseUrl,
      model,
      apiKey: "recorded",
      rulesFirst: false,
      maxRetries: 0,
      timeoutMs: 10_000,
    };
    const client = createModelClient(settings);
    const runs: TaskRun[] = [];
    for (const task of tasks) {
      emulator.play(await recording(model, task));
      const run = await runTask(task, { kind: "llm", settings, model: client });
      if (emulator.remaining() > 0)
        run.score.problems.push(`recording has ${emulator.remaining()} unplayed repl(ies)`);
      runs.push(run);
      progress(
        `${model} ${task.id}: ${run.score.passed ? "pass" : `FAIL (${run.score.problems.join("; ")})`}`,
      );
    }
    return summarize(`llm:${model}`, runs);
  } finally {
    await emulator.close();
  }
}

async function evalModelLive(
  base: LlmPlannerSettings,
  model: string,
  tasks: Task[],
  progress: (line: string) => void,
) {
  const settings = { ...base, model, rulesFirst: false };
  const client = createModelClient(settings);
  const runs: TaskRun[] = [];
  for (const task of tasks) {
    const run = await runTask(task, { kind: "llm", settings, model: client });
    runs.push(run);
    progress(`${model} ${task.id}: ${run.score.passed ? "pass" : `FAIL (${run.score.problems.join("; ")})`}`);
  }
  return summarize(`llm:${model}`, runs);
}

export async function runEval(options: EvalOptions): Promise<EvalResult> {
  const progress = options.onProgress ?? (() => undefined);
  const tasks = await loadTasks(options.only);
  const rulesRuns: TaskRun[] = [];
  for (const task of tasks.filter((t) => rulesGrammarReads(t.request))) {
    const run = await runTask(task, { kind: "rules" });
    rulesRuns.push(run);
    progress(`rules ${task.id}: ${run.score.passed ? "pass" : `FAIL (${run.score.problems.join("; ")})`}`);
  }
  const models: PlannerResult[] = [];
  if (options.recorded) {
    for (const model of options.models ?? (await recordedModels())) {
      models.push(await evalModelRecorded(model, tasks, progress));
    }
  } else {
    const settings = llmSettingsFromEnv(options.env ?? process.env);
    if (settings === undefined) {
      throw new Error(
        "No model configured: set SKYFLO_LLM_MODEL and SKYFLO_LLM_API_KEY (and SKYFLO_LLM_BASE_URL), or run with --recorded.",
      );
    }
    for (const model of options.models ?? [settings.model]) {
      models.push(await evalModelLive(settings, model, tasks, progress));
    }
  }
  return { tasks: tasks.length, rules: summarize("rules", rulesRuns), models };
}
