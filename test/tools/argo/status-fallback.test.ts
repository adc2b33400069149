// Argo Rollouts before v0.10 served no status subresource: the plugin's status patches then go to
// the Rollout itself. Here discovery advertises no rollouts/status, as such a cluster would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeEmulator, startKubeEmulator } from "../../emulators/kube/index.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import type { MutationData } from "../kubernetes/object-fixtures.ts";
import { namespace, namespaceObject, pausedCanary, waitForRollout } from "./rollout-fixtures.ts";

type Result = MutationData & { patches: Array<{ target: string; type: string; patch: unknown }> };

let emulator: KubeEmulator;
let harness: McpHarness;

beforeAll(async () => {
  emulator = await startKubeEmulator({ readyDelayMs: 10, seed: [namespaceObject()] });
  const served = emulator.store.registry.byKind("argoproj.io/v1alpha1", "Rollout");
  if (!served) throw new Error("no Rollout type");
  emulator.store.registry.add({ ...served, subresources: ["scale"] });
  harness = await startMcpHarness({ reuseEmulator: emulator });
});

afterAll(async () => {
  await harness?.close();
  await emulator?.close();
});

describe("without the status subresource", () => {
  it("aborts with the same patch sent to the Rollout itself", async () => {
    await pausedCanary(emulator, "old-abort");
    const result = await harness.ok<Result>("argo_abort", { namespace, name: "old-abort" });
    expect(result.patches).toEqual([
      { target: "rollout", type: "merge", patch: { status: { abort: true } } },
    ]);
    await waitForRollout(emulator, "old-abort", (s) => s.phase === "Degraded");
  });

  it("promotes with the plugin's unified patch of spec and status", async () => {
    await pausedCanary(emulator, "old-promote");
    const result = await harness.ok<Result>("argo_promote", { namespace, name: "old-promote", dryRun: true });
    expect(result.patches).toEqual([
      {
        target: "rollout",
        type: "merge",
        patch: { spec: { paused: false }, status: { pauseConditions: null } },
      },
    ]);
    expect(result.changed).toBe(true);
  });
});
