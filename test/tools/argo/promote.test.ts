// argo_promote and argo_promote_full: the plugin's patches, dry runs that change nothing, and the
// controller moving on as Argo Rollouts would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { changedLines, type MutationData } from "../kubernetes/object-fixtures.ts";
import {
  changeRollout,
  namespace,
  namespaceObject,
  pausedCanary,
  rolloutObject,
  rolloutStatus,
  setRolloutImage,
  waitForRollout,
} from "./rollout-fixtures.ts";

type Result = MutationData & { patches: Array<{ target: string; type: string; patch: unknown }> };

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 10, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

describe("argo_promote", () => {
  it("dry-runs the status patch that clears the pause conditions; nothing changes", async () => {
    await pausedCanary(harness.emulator, "dry");
    const result = await harness.ok<Result>("argo_promote", { namespace, name: "dry", dryRun: true });
    expect(result).toMatchObject({ dryRun: true, changed: true });
    expect(result.patches).toEqual([
      { target: "status", type: "merge", patch: { status: { pauseConditions: null } } },
    ]);
    const lines = changedLines(result.objects[0]?.diff ?? "");
    expect(lines).toContain("-  pauseConditions:");
    expect(lines).toContain("-    - reason: CanaryPauseStep");
    expect(result.objects[0]?.key).toBe("Rollout/shop/dry");
    expect(rolloutStatus(harness.emulator, "dry")).toMatchObject({ phase: "Paused", currentStepIndex: 1 });
  });

  it("ends the pause step; the controller walks on to the next pause", async () => {
    await pausedCanary(harness.emulator, "step");
    const result = await harness.ok<Result>("argo_promote", { namespace, name: "step" });
    expect(result).toMatchObject({ dryRun: false, changed: true });
    const next = await waitForRollout(harness.emulator, "step", (s) => s.currentStepIndex === 3);
    expect(next).toMatchObject({ phase: "Paused", message: "CanaryPauseStep" });
  });

  it("moves a canary that is not paused on by one step (currentStepIndex + 1)", async () => {
    harness.emulator.seed([rolloutObject("stuck", { replicas: 2 })]);
    await waitForRollout(harness.emulator, "stuck", (s) => s.phase === "Healthy");
    setRolloutImage(harness.emulator, "stuck", "registry.example/broken:2");
    await waitForRollout(
      harness.emulator,
      "stuck",
      (s) => s.phase === "Progressing" && s.currentStepIndex === 0,
    );
    const result = await harness.ok<Result>("argo_promote", { namespace, name: "stuck" });
    expect(result.patches).toEqual([
      { target: "status", type: "merge", patch: { status: { pauseConditions: null, currentStepIndex: 1 } } },
    ]);
    expect(changedLines(result.objects[0]?.diff ?? "")).toContain("+  currentStepIndex: 1");
    await waitForRollout(harness.emulator, "stuck", (s) => s.phase === "Paused" && s.currentStepIndex === 1);
  });

  it("unpauses a Rollout paused by a person with a spec patch", async () => {
    await pausedCanary(harness.emulator, "manual");
    changeRollout(harness.emulator, "manual", (object) => {
      (object.spec as Record<string, unknown>).paused = true;
    });
    const result = await harness.ok<Result>("argo_promote", { namespace, name: "manual" });
    expect(result.patches).toEqual([
      { target: "status", type: "merge", patch: { status: { pauseConditions: null } } },
      { target: "rollout", type: "merge", patch: { spec: { paused: false } } },
    ]);
    expect(changedLines(result.objects[0]?.diff ?? "")).toContain("-  paused: true");
    await waitForRollout(harness.emulator, "manual", (s) => s.currentStepIndex === 3);
  });
});

describe("argo_promote_full", () => {
  it("dry-runs promoteFull, then skips every remaining step", async () => {
    const { canary } = await pausedCanary(harness.emulator, "full");
    const dry = await harness.ok<Result>("argo_promote_full", { namespace, name: "full", dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, changed: true });
    expect(dry.patches).toEqual([
      { target: "status", type: "merge", patch: { status: { promoteFull: true } } },
    ]);
    expect(changedLines(dry.objects[0]?.diff ?? "")).toContain("+  promoteFull: true");
    expect(rolloutStatus(harness.emulator, "full").promoteFull).toBeUndefined();

    const real = await harness.call("argo_promote_full", { namespace, name: "full" });
    expect(real.isError).toBeFalsy();
    expect(JSON.stringify(real.content)).toContain("Fully promoted rollout shop/full, skipping steps 1–3.");
    const done = await waitForRollout(harness.emulator, "full", (s) => s.phase === "Healthy");
    expect(done).toMatchObject({ stableRS: canary, currentPodHash: canary, currentStepIndex: 4 });
  });

  it("sends nothing for a Rollout that is already fully promoted", async () => {
    harness.emulator.seed([rolloutObject("done", { replicas: 1 })]);
    await waitForRollout(harness.emulator, "done", (s) => s.phase === "Healthy");
    const result = await harness.ok<Result>("argo_promote_full", { namespace, name: "done" });
    expect(result).toMatchObject({ changed: false, patches: [] });
  });
});
