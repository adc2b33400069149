// argo_pause, argo_resume, argo_abort, argo_retry and argo_restart: the plugin's patches, their dry
// runs, and what the controller does with them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { changedLines, type MutationData } from "../kubernetes/object-fixtures.ts";
import {
  namespace,
  namespaceObject,
  pausedCanary,
  rolloutObject,
  rolloutStatus,
  storedRollout,
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

describe("argo_pause and argo_resume", () => {
  it("set spec.paused with merge patches of the Rollout; a dry run changes nothing", async () => {
    harness.emulator.seed([rolloutObject("held", { replicas: 1 })]);
    await waitForRollout(harness.emulator, "held", (s) => s.phase === "Healthy");
    const dry = await harness.ok<Result>("argo_pause", { namespace, name: "held", dryRun: true });
    expect(dry.patches).toEqual([{ target: "rollout", type: "merge", patch: { spec: { paused: true } } }]);
    expect(changedLines(dry.objects[0]?.diff ?? "")).toContain("+  paused: true");
    expect((storedRollout(harness.emulator, "held").spec as Record<string, unknown>).paused).toBeUndefined();

    await harness.ok("argo_pause", { namespace, name: "held" });
    await waitForRollout(
      harness.emulator,
      "held",
      (s) => s.phase === "Paused" && s.message === "manually paused",
    );
    const again = await harness.ok<Result>("argo_pause", { namespace, name: "held" });
    expect(again.changed).toBe(false);

    const resumed = await harness.ok<Result>("argo_resume", { namespace, name: "held" });
    expect(resumed.patches).toEqual([
      { target: "rollout", type: "merge", patch: { spec: { paused: false } } },
    ]);
    await waitForRollout(harness.emulator, "held", (s) => s.phase === "Healthy");
  });
});

describe("argo_abort and argo_retry", () => {
  it("abort through the status subresource (Degraded, canary scaled down); retry starts the steps again", async () => {
    await pausedCanary(harness.emulator, "risky");
    const dry = await harness.ok<Result>("argo_abort", { namespace, name: "risky", dryRun: true });
    expect(dry.patches).toEqual([{ target: "status", type: "merge", patch: { status: { abort: true } } }]);
    expect(changedLines(dry.objects[0]?.diff ?? "")).toContain("+  abort: true");
    expect(rolloutStatus(harness.emulator, "risky").phase).toBe("Paused");

    await harness.ok("argo_abort", { namespace, name: "risky" });
    const degraded = await waitForRollout(harness.emulator, "risky", (s) => s.phase === "Degraded");
    expect(degraded.message).toBe("RolloutAborted: Rollout aborted update to revision 2");
    const status = await harness.ok("argo_status", { namespace, name: "risky" });
    expect(status).toMatchObject({ aborted: true, phase: "Degraded", step: { index: 0 } });

    const retried = await harness.ok<Result>("argo_retry", { namespace, name: "risky" });
    expect(retried.patches).toEqual([
      { target: "status", type: "merge", patch: { status: { abort: false } } },
    ]);
    await waitForRollout(harness.emulator, "risky", (s) => s.phase === "Paused" && s.currentStepIndex === 1);
  });
});

describe("argo_restart", () => {
  it("sets spec.restartAt to now; the controller replaces the pods and records restartedAt", async () => {
    harness.emulator.seed([rolloutObject("again", { replicas: 2 })]);
    await waitForRollout(harness.emulator, "again", (s) => s.phase === "Healthy");
    const dry = await harness.ok<Result & { restartAt: string }>("argo_restart", {
      namespace,
      name: "again",
      dryRun: true,
    });
    expect(dry.restartAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(dry.patches).toEqual([
      { target: "rollout", type: "merge", patch: { spec: { restartAt: dry.restartAt } } },
    ]);
    expect(rolloutStatus(harness.emulator, "again").restartedAt).toBeUndefined();

    const real = await harness.ok<Result & { restartAt: string }>("argo_restart", {
      namespace,
      name: "again",
    });
    await waitForRollout(
      harness.emulator,
      "again",
      (s) => s.restartedAt === real.restartAt && s.phase === "Healthy",
    );
  });
});
