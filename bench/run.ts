// `npm run bench`: runs the benchmarks, prints a table per benchmark and writes the figures as
// JSON to bench/results/<name>.json. Speed targets are checked here, never in timed tests.
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { benchLlmPlanning } from "./llm-planning.ts";
import { benchPlanPullRequests } from "./plan-pull-request.ts";
import { benchToolLatency } from "./tool-latency.ts";

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "300" },
    warmup: { type: "string", default: "50" },
    plans: { type: "string", default: "200" },
    repos: { type: "string", default: "4" },
    burst: { type: "string", default: "40" },
    only: { type: "string" },
  },
});
const numbers = { iterations: 1, warmup: 0, plans: 1, repos: 1, burst: 1 } as const;
const settings: Record<keyof typeof numbers, number> = {
  iterations: 0,
  warmup: 0,
  plans: 0,
  repos: 0,
  burst: 0,
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
if (only !== undefined && only !== "tools" && only !== "plan-pr" && only !== "llm-planning") {
  console.error(`--only must be "tools", "plan-pr" or "llm-planning", got "${only}".`);
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
