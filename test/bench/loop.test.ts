// The loop benchmark runs end to end (its figures are checked by `npm run bench`): each run is
// planned, approved, executed and merged, and the moments come in the loop's order.
import { describe, expect, it } from "vitest";
import { benchLoop } from "../../bench/loop.ts";

describe("benchLoop", () => {
  it("takes every moment of two runs in the loop's order", async () => {
    const result = await benchLoop(2, 0);
    expect(result.approvalToMerged.samples).toBe(2);
    expect(result.approvalToLease.medianMs).toBeGreaterThan(0);
    expect(result.approvalToExecuteCheck.medianMs).toBeGreaterThanOrEqual(result.approvalToLease.medianMs);
    const order = [
      result.approvalToExecuteCheck,
      result.approvalToExecuted,
      result.approvalToVerified,
      result.approvalToRecord,
      result.approvalToMerged,
    ].map((s) => s.medianMs);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(result.wholeLoop.medianMs).toBeGreaterThan(result.approvalToMerged.medianMs);
  }, 60_000);
});
