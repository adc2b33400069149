// argo_list, argo_status and argo_history against the emulator's Rollout controller.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  namespace,
  namespaceObject,
  pausedCanary,
  rolloutObject,
  waitForRollout,
} from "./rollout-fixtures.ts";

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: { readyDelayMs: 10, seed: [namespaceObject(), namespaceObject("other")] },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("argo_status", () => {
  it("reports a healthy Rollout: phase, steps done, one hash, replicas and images", async () => {
    harness.emulator.seed([rolloutObject("calm")]);
    await waitForRollout(harness.emulator, "calm", (s) => s.phase === "Healthy");
    const state = await harness.ok("argo_status", { namespace, name: "calm" });
    expect(state).toMatchObject({
      namespace,
      name: "calm",
      strategy: "canary",
      phase: "Healthy",
      message: "",
      paused: false,
      aborted: false,
      fullyPromoted: true,
      step: { index: 4, count: 4 },
      pauseConditions: [],
      revision: 1,
      replicas: { desired: 4, current: 4, updated: 4, ready: 4, available: 4 },
      images: [{ container: "app", image: "nginx:1.25", init: false }],
    });
    expect(state.stableHash).toBe(state.canaryHash);
  });

  it("reports a canary paused at a step with its pause condition and both hashes", async () => {
    const { stable, canary } = await pausedCanary(harness.emulator, "paused");
    const result = await harness.call("argo_status", { namespace, name: "paused" });
    const state = result.structuredContent as Record<string, unknown>;
    expect(state).toMatchObject({
      phase: "Paused",
      message: "CanaryPauseStep",
      fullyPromoted: false,
      step: {
        index: 1,
        count: 4,
        current: "pause",
        steps: ["setWeight: 25", "pause", "setWeight: 50", "pause"],
      },
      pauseConditions: [{ reason: "CanaryPauseStep", startTime: expect.any(String) }],
      stableHash: stable,
      canaryHash: canary,
      revision: 2,
    });
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    expect(text).toContain(
      `rollout shop/paused: Paused (CanaryPauseStep) at step 1/4; stable ${stable}, canary ${canary}.`,
    );
  });
});

describe("argo_list", () => {
  it("lists the Rollouts of a namespace with phase and step, and is bounded", async () => {
    harness.emulator.seed([
      rolloutObject("l-one", { namespace: "other" }),
      rolloutObject("l-two", { namespace: "other" }),
    ]);
    const listed = await harness.ok<{ rollouts: Array<Record<string, unknown>>; truncated: boolean }>(
      "argo_list",
      {
        namespace: "other",
      },
    );
    expect(listed.truncated).toBe(false);
    expect(listed.rollouts.map((r) => r.name)).toEqual(["l-one", "l-two"]);
    expect(listed.rollouts[0]).toMatchObject({ namespace: "other", strategy: "canary", desired: 4 });
    const cut = await harness.ok<{ rollouts: unknown[]; truncated: boolean }>("argo_list", { limit: 1 });
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.rollouts).toHaveLength(1);
  });
});

describe("argo_history", () => {
  it("lists revisions from the Rollout's ReplicaSets, newest first, marking current and stable", async () => {
    const { stable, canary } = await pausedCanary(harness.emulator, "hist");
    const history = await harness.ok<{
      currentRevision: number;
      stableRevision: number;
      revisions: Array<Record<string, unknown>>;
      truncated: boolean;
    }>("argo_history", { namespace, name: "hist" });
    expect(history).toMatchObject({ currentRevision: 2, stableRevision: 1, truncated: false });
    expect(history.revisions).toMatchObject([
      {
        revision: 2,
        hash: canary,
        replicaSet: `hist-${canary}`,
        current: true,
        stable: false,
        images: [{ image: "nginx:1.27" }],
      },
      { revision: 1, hash: stable, current: false, stable: true, images: [{ image: "nginx:1.25" }] },
    ]);
    const one = await harness.ok<{ revisions: unknown[]; truncated: boolean }>("argo_history", {
      namespace,
      name: "hist",
      limit: 1,
    });
    expect(one).toMatchObject({ truncated: true });
    expect(one.revisions).toHaveLength(1);
  });
});
