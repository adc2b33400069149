// `npm run bench`: runs the benchmarks, prints a table per benchmark and writes the figures as
// JSON to bench/results/<name>.json. Speed targets are checked here, never in timed tests.
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { benchToolLatency } from "./tool-latency.ts";

const { values } = parseArgs({
  options: { iterations: { type: "string", default: "300" }, warmup: { type: "string", default: "50" } },
});
const iterations = Number(values.iterations);
const warmup = Number(values.warmup);
if (!Number.isInteger(iterations) || iterations < 1 || !Number.isInteger(warmup) || warmup < 0) {
  console.error("--iterations must be a whole number ≥ 1 and --warmup a whole number ≥ 0.");
  process.exit(2);
}

const resultsDir = new URL("./results/", import.meta.url);
await mkdir(resultsDir, { recursive: true });

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
const file = new URL("tool-latency.json", resultsDir);
await writeFile(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, iterations, warmup, ...latency }, null, 2)}\n`,
);
console.log(`Written: ${file.pathname}`);
