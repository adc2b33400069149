// argo_rollout_healthy against the emulator's Rollout controller, watch-driven: it waits while the
// canary is paused, passes once promotion makes it Healthy, fails at once when it is Degraded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeRollout, pausedCanary, rolloutObject } from "../../../tools/argo/rollout-fixtures.ts";
import {
  intent,
  shortTimeScale,
  startVerifyCluster,
  type VerifyCluster,
  verifyOne,
} from "../verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster({ readyDelayMs: 10 });
});

afterAll(async () => {
  await cluster?.close();
});

const healthy = (name: string, timeoutSeconds = 30) =>
  intent(`${name}-healthy`, "argo_rollout_healthy", { namespace: "shop", name }, timeoutSeconds);

describe("argo_rollout_healthy", () => {
  it("passes once a new Rollout's pods are ready", async () => {
    cluster.emulator.seed([rolloutObject("fresh")]);
    const result = await verifyOne(cluster, healthy("fresh"));
    expect(result).toMatchObject({
      status: "passed",
      check: "argo_rollout_healthy",
      expected: 'Rollout "fresh" in namespace "shop" is Healthy and fully promoted',
    });
    expect(result.observed).toMatch(/^Healthy at step 4\/4, stable \w+, 4\/4 updated, 4 available$/);
  });

  it("waits while the canary is paused and passes when it is fully promoted", async () => {
    const { canary } = await pausedCanary(cluster.emulator, "canary");
    const verdict = verifyOne(cluster, healthy("canary"));
    changeRollout(
      cluster.emulator,
      "canary",
      (object) => {
        (object.status as Record<string, unknown>).promoteFull = true;
      },
      "status",
    );
    const result = await verdict;
    expect(result.status).toBe("passed");
    expect(result.observed).toContain(`stable ${canary}`);
  });

  it("fails at once when the Rollout is aborted (Degraded)", async () => {
    await pausedCanary(cluster.emulator, "aborted");
    changeRollout(
      cluster.emulator,
      "aborted",
      (object) => {
        (object.status as Record<string, unknown>).abort = true;
      },
      "status",
    );
    const result = await verifyOne(cluster, healthy("aborted", 300));
    expect(result.status).toBe("failed");
    expect(result.observed).toMatch(
      /^Degraded \(RolloutAborted: Rollout aborted update to revision 2\) at step 0\/4/,
    );
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it("times out, saying where it stands, while the canary stays paused", async () => {
    await pausedCanary(cluster.emulator, "held");
    const result = await verifyOne(cluster, healthy("held", 1), shortTimeScale);
    expect(result.status).toBe("timed_out");
    expect(result.observed).toMatch(
      /^Paused \(CanaryPauseStep\) at step 1\/4, stable \w+, canary \w+, 1\/4 updated/,
    );
  });

  it("fails with a sentence for arguments it does not take", async () => {
    const result = await verifyOne(
      cluster,
      intent("bad", "argo_rollout_healthy", { namespace: "shop", name: "web", kind: "Rollout" }),
    );
    expect(result.status).toBe("failed");
    expect(result.observed).toContain('unknown argument "kind"');
  });
});
