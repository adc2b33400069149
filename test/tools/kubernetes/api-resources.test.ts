// k8s_api_resources against the emulator: built-in kinds and CRDs as discovery serves them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { widgetType } from "./object-fixtures.ts";

interface ApiResourcesData {
  resources: Array<{
    kind: string;
    apiVersion: string;
    plural: string;
    shortNames: string[];
    namespaced: boolean;
    verbs: string[];
  }>;
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe("k8s_api_resources", () => {
  it("lists the served kinds with apiVersion, plural, short names, scope and verbs", async () => {
    const data = await harness.ok<ApiResourcesData>("k8s_api_resources");
    const deployment = data.resources.find((r) => r.kind === "Deployment");
    expect(deployment).toMatchObject({
      apiVersion: "apps/v1",
      plural: "deployments",
      shortNames: ["deploy"],
      namespaced: true,
    });
    expect(deployment?.verbs).toEqual(expect.arrayContaining(["get", "list", "patch", "delete"]));
    expect(data.resources.find((r) => r.kind === "Namespace")).toMatchObject({
      apiVersion: "v1",
      namespaced: false,
    });
    // Subresources (deployments/scale) are not kinds of their own.
    expect(data.resources.some((r) => r.plural.includes("/"))).toBe(false);
    const kinds = data.resources.map((r) => r.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => a.localeCompare(b)));
  });

  it("filters by group and by scope", async () => {
    const apps = await harness.ok<ApiResourcesData>("k8s_api_resources", { group: "apps" });
    expect(apps.resources.length).toBeGreaterThan(0);
    expect(apps.resources.every((r) => r.apiVersion.startsWith("apps/"))).toBe(true);
    const core = await harness.ok<ApiResourcesData>("k8s_api_resources", { group: "core" });
    expect(core.resources.map((r) => r.kind)).toEqual(expect.arrayContaining(["Pod", "ConfigMap", "Secret"]));
    expect(core.resources.every((r) => r.apiVersion === "v1")).toBe(true);
    const cluster = await harness.ok<ApiResourcesData>("k8s_api_resources", { namespaced: false });
    expect(cluster.resources.every((r) => !r.namespaced)).toBe(true);
    expect(cluster.resources.map((r) => r.kind)).toContain("Namespace");
  });

  it("shows a CRD as soon as it is served", async () => {
    const before = await harness.ok<ApiResourcesData>("k8s_api_resources", { group: "example.com" });
    expect(before.resources).toEqual([]);
    harness.emulator.store.registry.add(widgetType);
    const after = await harness.ok<ApiResourcesData>("k8s_api_resources", { group: "example.com" });
    expect(after.resources).toEqual([
      {
        kind: "Widget",
        apiVersion: "example.com/v1",
        plural: "widgets",
        shortNames: ["wdg"],
        namespaced: true,
        verbs: expect.arrayContaining(["get", "list"]),
      },
    ]);
  });

  it.each(["Apps", "apps/v1", "../x", "a b", "apps&watch=true"])("refuses the group %j", async (group) => {
    expect(await harness.fail("k8s_api_resources", { group })).toMatch(/group/);
  });
});
