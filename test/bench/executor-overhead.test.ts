// The executor benchmark runs end to end (a few rounds; its figures are checked by `npm run bench`,
// never here): every variant is sampled and the ratios are computed from the same samples.
import { describe, expect, it } from "vitest";
import { benchExecutorOverhead } from "../../bench/executor-overhead.ts";

describe("benchExecutorOverhead", () => {
  it("samples the raw call and every executePlan variant, and derives the ratios", async () => {
    const result = await benchExecutorOverhead(3, 1);
    expect(result.rows.map((r) => [r.variant, r.summary.samples])).toEqual([
      ["raw MCP k8s_scale", 3],
      ["executePlan, 1 step, no drift dry-run", 3],
      ["executePlan, 1 step, with drift dry-run", 3],
      ["executePlan, 2 steps, no drift dry-run", 3],
    ]);
    expect(result.toolCallInsideExecutor.samples).toBe(3);
    for (const ratio of Object.values(result.ratios)) expect(Number.isFinite(ratio)).toBe(true);
    expect(result.ratios.oneStepRun).toBeGreaterThan(0);
  }, 60_000);
});
