// `npm run eval [-- --recorded] [--models a,b] [--only <task>] [--verbose]`: plan quality.
// Prints the pass rate per model and the rules planner's score on the tasks its grammar reads;
// exits 1 when the rules planner misses one of those (its target is 100%).
import { parseArgs } from "node:util";
import { type PlannerResult, runEval } from "./run-eval.ts";

const { values } = parseArgs({
  options: {
    recorded: { type: "boolean", default: false },
    models: { type: "string" },
    only: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});

const percent = (r: PlannerResult) => (r.total === 0 ? "—" : `${((100 * r.passed) / r.total).toFixed(1)}%`);

try {
  const result = await runEval({
    recorded: values.recorded ?? false,
    models: values.models
      ?.split(",")
      .map((m) => m.trim())
      .filter(Boolean),
    only: values.only,
    onProgress: values.verbose ? (line) => console.log(line) : undefined,
  });
  console.log(
    `\nPlan quality: ${result.tasks} tasks${values.recorded ? " (recorded responses, replayed by the OpenAI emulator)" : ""}\n`,
  );
  console.table(
    [result.rules, ...result.models].map((r) => ({
      planner: r.planner,
      tasks: r.total,
      passed: r.passed,
      "pass rate": percent(r),
      ...(r.tokens ? { "prompt tokens": r.tokens.prompt, "completion tokens": r.tokens.completion } : {}),
      target: r.planner === "rules" ? "100% (tasks its grammar reads)" : "",
    })),
  );
  for (const planner of [result.rules, ...result.models]) {
    for (const run of planner.runs.filter((r) => !r.score.passed)) {
      console.log(`${planner.planner} failed ${run.score.id}:\n  - ${run.score.problems.join("\n  - ")}`);
    }
  }
  if (result.rules.passed < result.rules.total) process.exit(1);
} catch (error) {
  console.error(`npm run eval: ${(error as Error).message}`);
  process.exit(2);
}
