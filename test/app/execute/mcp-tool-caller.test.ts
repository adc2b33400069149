// mcpToolCaller over a real MCP client connected in memory to the Skyflo tool server: results,
// tool errors and transport failures all come back as ToolCallResults; mcpMutatingTools reads the
// server's annotations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpMutatingTools, mcpToolCaller } from "../../../app/execute/index.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { deployment, namespace } from "./execute-fixture.ts";

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: {
      seed: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }, deployment("web")],
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

describe("mcpToolCaller", () => {
  it("returns the summary line and the structured result of a successful call", async () => {
    const tools = mcpToolCaller(harness.client);
    const result = await tools.call("k8s_scale", { namespace, kind: "Deployment", name: "web", replicas: 3 });
    expect(result).toMatchObject({
      ok: true,
      summary: "Scaled deployment shop/web from 2 to 3 replicas.",
      data: { dryRun: false, changed: true, previousReplicas: 2, replicas: 3 },
    });
  });

  it("returns a tool's error as a failed result with the tool's sentence", async () => {
    const tools = mcpToolCaller(harness.client);
    const result = await tools.call("k8s_scale", {
      namespace,
      kind: "Deployment",
      name: "missing",
      replicas: 3,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/missing/);
  });

  it("returns an unknown tool as a failed result", async () => {
    const result = await mcpToolCaller(harness.client).call("k8s_launch_missiles", {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/k8s_launch_missiles/);
  });

  it("returns a closed connection as a failed result instead of throwing", async () => {
    const own = await startMcpHarness({ reuseEmulator: harness.emulator });
    const tools = mcpToolCaller(own.client);
    await own.close();
    const result = await tools.call("k8s_get", { namespace, kind: "Deployment", name: "web" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^The MCP call of k8s_get failed: /);
  });
});

describe("mcpMutatingTools", () => {
  it("answers from the server's annotations and counts unlisted tools as mutating", async () => {
    const isMutating = await mcpMutatingTools(harness.client);
    expect(isMutating("k8s_scale")).toBe(true);
    expect(isMutating("k8s_patch")).toBe(true);
    expect(isMutating("k8s_get")).toBe(false);
    expect(isMutating("k8s_rollout_status")).toBe(false);
    expect(isMutating("not_a_tool")).toBe(true);
  });
});
