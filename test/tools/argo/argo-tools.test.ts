// The Argo tool family as clients see it: listed with exact annotations and schemas, dryRun on every
// mutating tool, name-like arguments validated, and a clear sentence when Argo Rollouts is missing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { argoTools } from "../../../tools/argo/index.ts";
import { createToolRegistry } from "../../../tools/index.ts";
import { isMutating } from "../../../tools/registry.ts";
import { startKubeEmulator } from "../../emulators/kube/index.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { namespaceObject } from "./rollout-fixtures.ts";

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };
const write = (idempotentHint: boolean, destructiveHint = false) => ({
  readOnlyHint: false,
  destructiveHint,
  idempotentHint,
  openWorldHint: false,
});

const expectedAnnotations: Record<string, Record<string, boolean>> = {
  argo_list: readOnly,
  argo_status: readOnly,
  argo_history: readOnly,
  argo_pause: write(true),
  argo_resume: write(true),
  argo_promote: write(false),
  argo_promote_full: write(true, true),
  argo_abort: write(true),
  argo_retry: write(true),
  argo_restart: write(false),
  argo_undo: write(false),
  argo_set_image: write(true),
};

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 10, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

describe("the Argo tool family", () => {
  it("is in the registry with family argo and exact annotations", () => {
    const registry = createToolRegistry();
    expect(argoTools.map((t) => t.name).sort()).toEqual(Object.keys(expectedAnnotations).sort());
    for (const tool of argoTools) {
      expect(registry.get(tool.name)).toBe(tool);
      expect(tool.family).toBe("argo");
      expect(tool.annotations, tool.name).toEqual(expectedAnnotations[tool.name]);
      expect(tool.description.length, tool.name).toBeGreaterThan(150);
    }
  });

  it("gives every mutating tool dryRun (default false) and the shared mutation output", () => {
    for (const tool of argoTools.filter(isMutating)) {
      expect(
        tool.input.parse({ namespace: "shop", name: "web", image: "nginx:1", container: "app" }).dryRun,
      ).toBe(false);
      expect(Object.keys(tool.output.shape)).toEqual(
        expect.arrayContaining(["dryRun", "changed", "objects", "patches"]),
      );
    }
  });

  it("is served over MCP with JSON Schemas", async () => {
    const { tools } = await harness.client.listTools();
    const promoteFull = tools.find((t) => t.name === "argo_promote_full");
    expect(promoteFull?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
    expect(promoteFull?.inputSchema.properties).toHaveProperty("dryRun");
    expect(tools.filter((t) => t.name.startsWith("argo_"))).toHaveLength(12);
  });

  it.each([
    ["argo_status", { namespace: "Shop", name: "web" }, "namespace"],
    ["argo_promote", { namespace: "shop", name: "../web" }, "name"],
    ["argo_set_image", { namespace: "shop", name: "web", image: "nginx; rm -rf /" }, "image"],
    ["argo_set_image", { namespace: "shop", name: "web", container: "--all", image: "nginx:1" }, "container"],
    ["argo_list", { labelSelector: "app=web)" }, "labelSelector"],
    ["argo_undo", { namespace: "shop", name: "web", toRevision: 0 }, "toRevision"],
  ])("%s refuses bad input %j", async (tool, args, field) => {
    const text = await harness.fail(tool, args);
    // The MCP SDK validates against the served JSON Schema first; the message names the field.
    expect(text).toMatch(new RegExp(`Invalid arguments for (tool )?${tool}:.* ${field}`));
  });

  it("says a Rollout does not exist, naming it", async () => {
    const text = await harness.fail("argo_status", { namespace: "shop", name: "ghost" });
    expect(text).toMatch(/Cannot read Rollout "ghost" in namespace "shop": it does not exist/);
  });
});

describe("a cluster without Argo Rollouts", () => {
  it("gets a sentence saying the CRD is not served", async () => {
    const emulator = await startKubeEmulator({ readyDelayMs: 10 });
    const bare = await startMcpHarness({ reuseEmulator: emulator });
    try {
      // The registry has no remove(): take the CRD out of its (runtime-visible) list, as if never installed.
      const registry = emulator.store.registry as unknown as { types: Array<{ group: string }> };
      registry.types.splice(
        registry.types.findIndex((t) => t.group === "argoproj.io"),
        1,
      );
      const text = await bare.fail("argo_status", { namespace: "default", name: "web" });
      expect(text).toContain("The cluster does not serve Argo Rollouts (rollouts.argoproj.io/v1alpha1).");
      expect(text).toContain("Install Argo Rollouts");
    } finally {
      await bare.close();
      await emulator.close();
    }
  });

  it("passes a failed discovery on as such, not as a missing Argo Rollouts", async () => {
    const fresh = await startMcpHarness({ emulator: { readyDelayMs: 10 } });
    try {
      fresh.emulator.faults.failNext({ path: /^\/apis$/, status: 503, count: 2 });
      const text = await fresh.fail("argo_status", { namespace: "default", name: "web" });
      expect(text).toContain("Discovery request /apis failed with HTTP 503.");
      expect(text).not.toContain("does not serve Argo Rollouts");
    } finally {
      await fresh.close();
    }
  });
});
