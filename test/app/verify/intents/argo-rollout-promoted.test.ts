// argo_rollout_promoted against the emulator's Rollout controller, watch-driven: stable hash equals
// the current hash and every step is done; an aborted Rollout fails at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeRollout, pausedCanary, rolloutStatus } from "../../../tools/argo/rollout-fixtures.ts";
import { eventually, intent, startVerifyCluster, type VerifyCluster, verifyOne } from "../verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster({ readyDelayMs: 10 });
});

afterAll(async () => {
  await cluster?.close();
});

const promoted = (name: string, timeoutSeconds = 30) =>
  intent(`${name}-promoted`, "argo_rollout_promoted", { namespace: "shop", name }, timeoutSeconds);

describe("argo_rollout_promoted", () => {
  it("waits while the canary walks its steps and passes when the canary is stable", async () => {
    const { canary } = await pausedCanary(cluster.emulator, "web");
    const verdict = verifyOne(cluster, promoted("web"));
    // Two promotes, as a person would give them: past the first pause, then past the second.
    changeRollout(
      cluster.emulator,
      "web",
      (object) => {
        (object.status as Record<string, unknown>).pauseConditions = null;
      },
      "status",
    );
    await eventually(() =>
      rolloutStatus(cluster.emulator, "web").currentStepIndex === 3 ? true : undefined,
    );
    changeRollout(
      cluster.emulator,
      "web",
      (object) => {
        (object.status as Record<string, unknown>).pauseConditions = null;
      },
      "status",
    );
    const result = await verdict;
    expect(result).toMatchObject({
      status: "passed",
      expected:
        'Rollout "web" in namespace "shop" is fully promoted (stable hash = current hash, every step done)',
    });
    expect(result.observed).toContain(`at step 4/4, stable ${canary}`);
  });

  it("fails at once when the update is aborted", async () => {
    await pausedCanary(cluster.emulator, "aborted");
    changeRollout(
      cluster.emulator,
      "aborted",
      (object) => {
        (object.status as Record<string, unknown>).abort = true;
      },
      "status",
    );
    const result = await verifyOne(cluster, promoted("aborted", 300));
    expect(result.status).toBe("failed");
    expect(result.observed).toContain("RolloutAborted");
  });
});
