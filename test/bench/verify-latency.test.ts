// The verification benchmark runs end to end (its figures are checked by `npm run bench`): verify
// starts before the pods are ready, and answers after the store shows them ready.
import { describe, expect, it } from "vitest";
import { benchVerifyLatency } from "../../bench/verify-latency.ts";

describe("benchVerifyLatency", () => {
  it("times the verify answer from the moment the store shows the pods ready", async () => {
    const result = await benchVerifyLatency(2, 1, 50);
    expect(result.fromPodsReady.samples).toBe(2);
    expect(result.fromDeploymentComplete.samples).toBe(2);
    // The answer comes after both moments, and the rollout completes after the last pod is ready.
    expect(result.fromPodsReady.medianMs).toBeGreaterThanOrEqual(result.fromDeploymentComplete.medianMs);
    expect(result.fromDeploymentComplete.medianMs).toBeGreaterThanOrEqual(0);
    expect(result.verifyStartToPodsReady.medianMs).toBeGreaterThan(0);
  }, 60_000);
});
