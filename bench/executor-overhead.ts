// Benchmark: what the executor adds to a step. executePlan on a one-step k8s_scale plan (approval
// check, guard, Lease create-or-conflict, journal writes before and after the step, progress)
// against the same k8s_scale called through the same MCP client directly. The drift dry-run is
// off in the main comparison (isMutatingTool answers false, so no step is dry-run again) and is
// measured as its own variant; a two-step plan gives the marginal cost of one more step. The
// Kubernetes emulator runs in its own process, as a real API server would.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  diffDigest,
  executePlan,
  leaseNameFor,
  mcpMutatingTools,
  mcpToolCaller,
  objectDiffsOf,
} from "../app/execute/index.ts";
import type { Plan } from "../app/plan/index.ts";
import { planDigest } from "../app/plan/index.ts";
import type { ToolCaller } from "../app/tool-caller.ts";
import { demoCluster } from "../scripts/demo-cluster.ts";
import { approve, deployment, makePlan, scaleStep } from "../test/app/execute/execute-fixture.ts";
import { createToolRegistry } from "../tools/index.ts";
import type { KubeClients } from "../tools/kubernetes/client.ts";
import { Policy } from "../tools/policy.ts";
import { buildServer } from "../tools/server.ts";
import { startEmulatorProcess } from "./emulator-process.ts";
import { type LatencySummary, summarizeLatency } from "./latency-summary.ts";

const RAW = "raw MCP k8s_scale";
const EXEC_1 = "executePlan, 1 step, no drift dry-run";
const EXEC_1_DRIFT = "executePlan, 1 step, with drift dry-run";
const EXEC_2 = "executePlan, 2 steps, no drift dry-run";
const VARIANTS = [RAW, EXEC_1, EXEC_1_DRIFT, EXEC_2] as const;
type Variant = (typeof VARIANTS)[number];

export interface ExecutorOverheadResult {
  iterations: number;
  warmup: number;
  /** Kubernetes API requests per variant as the code paths make them (read from the code, not counted). */
  apiRequestsByDesign: Record<Variant, string>;
  rows: Array<{ variant: Variant; summary: LatencySummary }>;
  /** The step's own tool call as timed inside executePlan (1 step, no drift), below the guard. */
  toolCallInsideExecutor: LatencySummary;
  ratios: {
    /** executePlan (1 step, no drift dry-run) p50 ÷ raw call p50: the whole per-run overhead. */
    oneStepRun: number;
    /** (2-step run p50 − 1-step run p50) ÷ raw call p50: the cost of one more step. */
    marginalStep: number;
    /** The step's call inside executePlan p50 ÷ raw call p50 (guard and MCP path only). */
    toolCallInsideExecutor: number;
    /** executePlan with the drift dry-run p50 ÷ raw call p50. */
    oneStepRunWithDrift: number;
  };
}

export async function benchExecutorOverhead(
  iterations: number,
  warmup: number,
): Promise<ExecutorOverheadResult> {
  const emulator = await startEmulatorProcess([...demoCluster(), deployment("api", 2)]);
  const kube = emulator.kube;
  const server = buildServer({
    registry: createToolRegistry(),
    context: { kube, policy: new Policy({ allowWrite: true }) },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench-executor", version: "0" });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  const tools = mcpToolCaller(client);
  const isMutatingTool = await mcpMutatingTools(client);

  // Every call changes replicas (3 ↔ 4, 2 ↔ 3), so no variant gets a cheaper no-op patch.
  let calls = 0;
  const nextScale = (id: string, name: string, low: number) => scaleStep(id, name, low + (calls++ % 2));
  const innerCalls: number[] = [];
  const timedTools: ToolCaller = {
    async call(tool, args) {
      const start = performance.now();
      const result = await tools.call(tool, args);
      if (args.dryRun !== true) innerCalls.push(performance.now() - start);
      return result;
    },
  };

  const run = async (variant: Variant, timed: boolean): Promise<number> => {
    if (variant === RAW) {
      const step = nextScale("raw", "web", 3);
      const start = performance.now();
      const result = await tools.call(step.tool, step.args);
      const elapsed = performance.now() - start;
      if (!result.ok) throw new Error(`k8s_scale failed: ${result.error}`);
      return elapsed;
    }
    const steps =
      variant === EXEC_2
        ? [nextScale("scale-web", "web", 3), nextScale("scale-api", "api", 2)]
        : [nextScale("scale-web", "web", 3)];
    const plan = makePlan(steps);
    const drift = variant === EXEC_1_DRIFT;
    // Untimed: the gate's approval, and the approved dry-run diff the drift check compares with.
    const approval = await approve(plan);
    const approvedDiffs = drift ? await approvedDiffsOf(plan, tools) : undefined;
    const innerBefore = innerCalls.length;
    const start = performance.now();
    const outcome = await executePlan({
      approval,
      plan,
      tools: variant === EXEC_1 ? timedTools : tools,
      kube,
      lockNamespace: "default",
      holder: "bench",
      isMutatingTool: drift ? isMutatingTool : () => false,
      ...(approvedDiffs ? { approvedDiffs } : {}),
    });
    const elapsed = performance.now() - start;
    if (outcome.kind !== "executed") {
      throw new Error(`executePlan ended ${outcome.kind}: ${"reason" in outcome ? outcome.reason : ""}`);
    }
    if (!timed) innerCalls.length = innerBefore;
    // Untimed: the plan's Lease goes, so the same plan (same digest) may run again later.
    await deleteLease(kube, plan);
    return elapsed;
  };

  const samples = Object.fromEntries(VARIANTS.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      // Rotate who goes first each round, as stats.interleave does.
      for (let k = 0; k < VARIANTS.length; k++) {
        const variant = VARIANTS[(i + k) % VARIANTS.length] as Variant;
        const elapsed = await run(variant, i >= warmup);
        if (i >= warmup) samples[variant].push(elapsed);
      }
    }
  } finally {
    await client.close();
    await server.close();
    await emulator.stop();
  }

  const rows = VARIANTS.map((variant) => ({ variant, summary: summarizeLatency(samples[variant]) }));
  const p50 = (variant: Variant) => rows.find((r) => r.variant === variant)?.summary.medianMs ?? Number.NaN;
  const inside = summarizeLatency(innerCalls);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    iterations,
    warmup,
    apiRequestsByDesign: {
      [RAW]: "2 (read, patch scale)",
      [EXEC_1]: "5 (Lease create, journal: step running, read, patch, journal: step done + run final)",
      [EXEC_1_DRIFT]: "7 (as above + dry-run read and patch)",
      [EXEC_2]:
        "8 (Lease create, journal: s1 running, read, patch, journal: s1 done + s2 running, read, patch, journal: s2 done + final)",
    },
    rows,
    toolCallInsideExecutor: inside,
    ratios: {
      oneStepRun: ratio(p50(EXEC_1), p50(RAW)),
      marginalStep: ratio(p50(EXEC_2) - p50(EXEC_1), p50(RAW)),
      toolCallInsideExecutor: ratio(inside.medianMs, p50(RAW)),
      oneStepRunWithDrift: ratio(p50(EXEC_1_DRIFT), p50(RAW)),
    },
  };
}

/** The dry-run diff digest of each step, as the plan PR's record holds them. */
async function approvedDiffsOf(plan: Plan, tools: ToolCaller): Promise<Record<string, string>> {
  const diffs: Record<string, string> = {};
  for (const step of plan.steps) {
    const result = await tools.call(step.tool, { ...step.args, dryRun: true });
    if (!result.ok) throw new Error(`dry run of ${step.id} failed: ${result.error}`);
    diffs[step.id] = diffDigest(objectDiffsOf(result.data));
  }
  return diffs;
}

async function deleteLease(kube: KubeClients, plan: Plan): Promise<void> {
  const name = leaseNameFor(planDigest(plan));
  const response = await kube.request(`/apis/coordination.k8s.io/v1/namespaces/default/leases/${name}`, {
    method: "DELETE",
  });
  if (response.status >= 300) throw new Error(`deleting Lease ${name}: HTTP ${response.status}`);
}
