// argo_rollout_paused against the emulator's Rollout controller, watch-driven: it passes when the
// canary reaches the pause step asked for, and fails at once when it never can.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeRollout,
  pausedCanary,
  rolloutObject,
  setRolloutImage,
  waitForRollout,
} from "../../../tools/argo/rollout-fixtures.ts";
import { intent, startVerifyCluster, type VerifyCluster, verifyOne } from "../verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster({ readyDelayMs: 10 });
});

afterAll(async () => {
  await cluster?.close();
});

const pausedAt = (name: string, step: number, timeoutSeconds = 30) =>
  intent(`${name}-paused`, "argo_rollout_paused", { namespace: "shop", name, step }, timeoutSeconds);

describe("argo_rollout_paused", () => {
  it("passes when a new image reaches the first pause step", async () => {
    cluster.emulator.seed([rolloutObject("first")]);
    await waitForRollout(cluster.emulator, "first", (s) => s.phase === "Healthy");
    const verdict = verifyOne(cluster, pausedAt("first", 1));
    setRolloutImage(cluster.emulator, "first", "nginx:1.27");
    const result = await verdict;
    expect(result).toMatchObject({
      status: "passed",
      expected: 'Rollout "first" in namespace "shop" is Paused at step 1',
    });
    expect(result.observed).toMatch(/^Paused \(CanaryPauseStep\) at step 1\/4/);
  });

  it("waits at an earlier pause and passes once a promote brings the canary to the step", async () => {
    await pausedCanary(cluster.emulator, "later");
    const verdict = verifyOne(cluster, pausedAt("later", 3));
    changeRollout(
      cluster.emulator,
      "later",
      (object) => {
        (object.status as Record<string, unknown>).pauseConditions = null;
      },
      "status",
    );
    const result = await verdict;
    expect(result.status).toBe("passed");
    expect(result.observed).toMatch(/at step 3\/4/);
  });

  it("fails at once for a step the Rollout does not have", async () => {
    await pausedCanary(cluster.emulator, "short");
    const result = await verifyOne(cluster, pausedAt("short", 9, 300));
    expect(result.status).toBe("failed");
    expect(result.observed).toContain("it has only 4 steps");
  });

  it("fails at once when the canary is Degraded (a broken image past its progress deadline)", async () => {
    cluster.emulator.seed([rolloutObject("broken", { replicas: 2, progressDeadlineSeconds: 1 })]);
    await waitForRollout(cluster.emulator, "broken", (s) => s.phase === "Healthy");
    setRolloutImage(cluster.emulator, "broken", "registry.example/broken:2");
    const result = await verifyOne(cluster, pausedAt("broken", 1, 300));
    expect(result.status).toBe("failed");
    expect(result.observed).toMatch(
      /^Degraded \(ProgressDeadlineExceeded: ReplicaSet "broken-\w+" has timed out progressing\.\)/,
    );
  });
});
