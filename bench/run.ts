// `npm run bench`: runs the benchmarks, prints a table per benchmark and writes the figures as
// JSON to bench/results/<name>.json. Speed targets are checked here, never in timed tests.
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { benchExecutorOverhead } from "./executor-overhead.ts";
import { benchLlmPlanning } from "./llm-planning.ts";
import { benchLoop } from "./loop.ts";
import { benchPlanPullRequests } from "./plan-pull-request.ts";
import { benchToolLatency } from "./tool-latency.ts";
import { benchVerifyLatency } from "./verify-latency.ts";

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "300" },
    warmup: { type: "string", default: "50" },
    plans: { type: "string", default: "200" },
    repos: { type: "string", default: "4" },
    burst: { type: "string", default: "40" },
    runs: { type: "string", default: "50" },
    only: { type: "string" },
  },
});
const numbers = { iterations: 1, warmup: 0, plans: 1, repos: 1, burst: 1, runs: 1 } as const;
const settings: Record<keyof typeof numbers, number> = {
  iterations: 0,
  warmup: 0,
  plans: 0,
  repos: 0,
  burst: 0,
  runs: 0,
};
for (const [name, min] of Object.entries(numbers) as [keyof typeof numbers, number][]) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, got "${values[name]}".`);
    process.exit(2);
  }
  settings[name] = value;
}
const only = values.only;
const benchmarks = ["tools", "plan-pr", "llm-planning", "executor", "verify", "loop"];
if (only !== undefined && !benchmarks.includes(only)) {
  console.error(`--only must be one of ${benchmarks.join(", ")}; got "${only}".`);
  process.exit(2);
}

const resultsDir = new URL("./results/", import.meta.url);
await mkdir(resultsDir, { recursive: true });
const write = async (name: string, figures: object) => {
  const file = new URL(`${name}.json`, resultsDir);
  await writeFile(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...figures }, null, 2)}\n`,
  );
  console.log(`Written: ${file.pathname}`);
};

if (only === undefined || only === "tools") {
  const { iterations, warmup } = settings;
  const latency = await benchToolLatency(iterations, warmup);
  console.log(
    `\nTool call latency: MCP tool server vs raw client-node (${iterations} interleaved calls each, ${warmup} warm-up)\n`,
  );
  console.table(
    latency.rows.map((r) => ({
      operation: r.operation,
      variant: r.variant,
      "API requests": r.requests,
      "median ms": r.summary.medianMs,
      "p95 ms": r.summary.p95Ms,
    })),
  );
  console.table(
    latency.ratios.map((r) => ({
      operation: r.operation,
      "MCP median ÷": r.against,
      ratio: r.medianRatio,
      target: "≤ 1.1",
    })),
  );
  await write("tool-latency", { iterations, warmup, ...latency });
}

if (only === undefined || only === "plan-pr") {
  const { plans, repos, burst } = settings;
  const result = await benchPlanPullRequests(plans, repos, burst);
  console.log(
    `\nComment → plan PR (skyflo serve in its own process; ${plans} requests over ${repos} repos, then a burst of ${burst})\n`,
  );
  console.table([
    { figure: "latency p50 (ms)", value: result.latency.medianMs, target: "≤ 100" },
    { figure: "latency p99 (ms)", value: result.latency.p99Ms, target: "≤ 300" },
    {
      figure: "GitHub requests per plan PR (median / max)",
      value: `${result.requestsPerPlan.median} / ${result.requestsPerPlan.max}`,
      target: "≤ 12",
    },
    {
      figure: "content-creating requests per plan PR (median / max)",
      value: `${result.requestsPerPlan.writesMedian} / ${result.requestsPerPlan.writesMax}`,
      target: "≤ 7",
    },
    { figure: "RSS idle (MB)", value: result.rssMb.idle, target: "≤ 120" },
    { figure: "RSS after the sequential run (MB)", value: result.rssMb.afterSequential, target: "" },
    { figure: `RSS peak during the burst of ${burst} (MB)`, value: result.rssMb.burstPeak, target: "" },
  ]);
  await write("plan-pull-request", result);
}

if (only === undefined || only === "llm-planning") {
  const { iterations, warmup } = settings;
  const result = await benchLlmPlanning(iterations, warmup);
  console.log(
    `\nLLM planning overhead, model time excluded (${iterations} interleaved runs each, ${warmup} warm-up; first catalog build ${result.firstCatalogMs} ms; system prompt ${result.promptBytes.system} B, function definitions ${result.promptBytes.functions} B)\n`,
  );
  console.table(
    result.rows.map((r) => ({ stage: r.stage, "median ms": r.summary.medianMs, "p95 ms": r.summary.p95Ms })),
  );
  await write("llm-planning", { iterations, warmup, ...result });
}

if (only === undefined || only === "executor") {
  const { iterations, warmup } = settings;
  const result = await benchExecutorOverhead(iterations, warmup);
  console.log(
    `\nExecutor overhead: executePlan on a k8s_scale plan vs the same tool through the same MCP client (${iterations} interleaved rounds, ${warmup} warm-up)\n`,
  );
  console.table(
    result.rows.map((r) => ({
      variant: r.variant,
      "p50 ms": r.summary.medianMs,
      "p99 ms": r.summary.p99Ms,
      "API requests": result.apiRequestsByDesign[r.variant],
    })),
  );
  console.table([
    { ratio: "1-step run ÷ raw call (p50)", value: result.ratios.oneStepRun, target: "≤ 1.1" },
    { ratio: "one more step ÷ raw call (p50)", value: result.ratios.marginalStep, target: "≤ 1.1" },
    { ratio: "the step's call inside executePlan ÷ raw call", value: result.ratios.toolCallInsideExecutor },
    { ratio: "1-step run with drift dry-run ÷ raw call", value: result.ratios.oneStepRunWithDrift },
  ]);
  await write("executor-overhead", result);
}

if (only === undefined || only === "verify") {
  const { runs, warmup } = settings;
  const readyDelayMs = 50;
  const result = await benchVerifyLatency(runs, Math.min(warmup, 10), readyDelayMs);
  console.log(
    `\nVerification latency: k8s_rollout_complete after scaling web 1 → 3 (pods ready ${readyDelayMs} ms after creation; ${runs} runs)\n`,
  );
  const row = (from: string, s: { medianMs: number; p99Ms: number }, target = "") => ({
    from,
    "p50 ms": s.medianMs,
    "p99 ms": s.p99Ms,
    target,
  });
  console.table([
    row("last pod Ready (store) → verified", result.fromPodsReady, "≤ 100 (p50)"),
    row("Deployment status complete (store) → verified", result.fromDeploymentComplete),
    row("verify started → last pod Ready", result.verifyStartToPodsReady),
  ]);
  await write("verify-latency", result);
}

if (only === undefined || only === "loop") {
  const { runs, warmup } = settings;
  const result = await benchLoop(runs, Math.min(warmup, 5));
  console.log(
    `\nThe loop in one process (GitHub and Kubernetes emulators, Skyflo's host; one-step plan, pods ready at once; ${runs} runs)\n`,
  );
  const row = (figure: string, s: { medianMs: number; p99Ms: number }) => ({
    figure,
    "p50 ms": s.medianMs,
    "p99 ms": s.p99Ms,
  });
  console.table([
    row("approval → Lease taken", result.approvalToLease),
    row("approval → skyflo/execute check created", result.approvalToExecuteCheck),
    row("approval → skyflo/execute completed", result.approvalToExecuted),
    row("approval → skyflo/verify completed", result.approvalToVerified),
    row("approval → run record committed", result.approvalToRecord),
    row("approval → merged", result.approvalToMerged),
    row("comment → plan PR", result.commentToPlan),
    row("whole loop: comment → plan PR + approval → merged", result.wholeLoop),
  ]);
  await write("loop", result);
}
