// k8s_patch against the emulator: strategic (built-ins), merge (CRDs) and JSON patches, dry runs
// that change nothing, and patch/type mismatches explained before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  at,
  badNames,
  changedLines,
  configMap,
  deployment,
  everything,
  type MutationData,
  namespace,
  namespaceObject,
  secret,
  stored,
  widget,
  widgetType,
} from "./object-fixtures.ts";

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: {
      readyDelayMs: 10,
      seed: [
        namespaceObject(),
        deployment("web", {
          containers: [
            { name: "app", image: "app:1" },
            { name: "proxy", image: "envoy:1" },
          ],
        }),
        configMap("settings", { color: "blue", size: "m" }),
        secret("api-key", { key: "k-0123456789abcdef" }),
      ],
    },
  });
  harness.emulator.store.registry.add(widgetType);
  harness.emulator.seed([widget("gizmo", { size: 1, tags: ["a", "b"] })]);
});

afterAll(async () => {
  await harness?.close();
});

type Containers = Array<{ name: string; image: string }>;
const containersOf = (name: string) =>
  (
    (at(stored(harness.emulator, "apps/v1", "Deployment", name), "spec.template.spec.containers") ??
      []) as Containers
  ).map((c) => [c.name, c.image]);

describe("k8s_patch", () => {
  it("defaults to a strategic merge patch for built-in kinds (containers merge by name)", async () => {
    const data = await harness.ok<MutationData>("k8s_patch", {
      kind: "Deployment",
      name: "web",
      namespace,
      patch: { spec: { template: { spec: { containers: [{ name: "proxy", image: "envoy:2" }] } } } },
    });
    expect(data).toMatchObject({ dryRun: false, changed: true });
    expect(changedLines(data.objects[0]?.diff ?? "")).toEqual([
      "-          image: envoy:1",
      "+          image: envoy:2",
    ]);
    expect(containersOf("web")).toEqual([
      ["app", "app:1"],
      ["proxy", "envoy:2"],
    ]);
  });

  it("applies merge patches (null deletes a key)", async () => {
    const data = await harness.ok<MutationData>("k8s_patch", {
      kind: "cm",
      name: "settings",
      namespace,
      patch: { data: { color: "green", size: null } },
      patchType: "merge",
    });
    expect(changedLines(data.objects[0]?.diff ?? "").sort()).toEqual(
      ["+  color: green", "-  color: blue", "-  size: m"].sort(),
    );
    expect(stored(harness.emulator, "v1", "ConfigMap", "settings")?.data).toEqual({ color: "green" });
  });

  it("applies JSON patches", async () => {
    await harness.ok("k8s_patch", {
      kind: "Deployment",
      name: "web",
      namespace,
      patchType: "json",
      patch: [
        { op: "test", path: "/spec/replicas", value: 2 },
        { op: "replace", path: "/spec/replicas", value: 4 },
      ],
    });
    expect(at(stored(harness.emulator, "apps/v1", "Deployment", "web"), "spec.replicas")).toBe(4);
    const failed = await harness.fail("k8s_patch", {
      kind: "Deployment",
      name: "web",
      namespace,
      patchType: "json",
      patch: [{ op: "test", path: "/spec/replicas", value: 99 }],
    });
    expect(failed).toContain('Cannot patch Deployment "web" in namespace "shop"');
  });

  it("defaults to a merge patch for custom resources and refuses strategic ones", async () => {
    const data = await harness.ok<MutationData>("k8s_patch", {
      kind: "Widget",
      name: "gizmo",
      namespace,
      patch: { spec: { tags: ["c"] } },
    });
    expect(data.changed).toBe(true);
    expect(stored(harness.emulator, "example.com/v1", "Widget", "gizmo")?.spec).toEqual({
      size: 1,
      tags: ["c"],
    });
    const message = await harness.fail("k8s_patch", {
      kind: "Widget",
      name: "gizmo",
      namespace,
      patch: { spec: { size: 2 } },
      patchType: "strategic",
    });
    expect(message).toContain("custom resource");
    expect(message).toContain('"merge" or "json"');
  });

  it("dryRun returns the diff and changes nothing", async () => {
    const before = stored(harness.emulator, "v1", "ConfigMap", "settings");
    const data = await harness.ok<MutationData>("k8s_patch", {
      kind: "ConfigMap",
      name: "settings",
      namespace,
      patch: { data: { color: "purple" } },
      dryRun: true,
    });
    expect(data.dryRun).toBe(true);
    expect(changedLines(data.objects[0]?.diff ?? "")).toEqual(["-  color: green", "+  color: purple"]);
    expect(stored(harness.emulator, "v1", "ConfigMap", "settings")).toEqual(before);
  });

  it("masks Secret values in the diff and the whole result", async () => {
    const value = "k-fedcba9876543210";
    const result = await harness.call("k8s_patch", {
      kind: "Secret",
      name: "api-key",
      namespace,
      patch: { stringData: { key: value } },
    });
    expect(result.isError).toBeFalsy();
    const all = everything(result);
    for (const v of [value, "k-0123456789abcdef"]) {
      expect(all).not.toContain(v);
      expect(all).not.toContain(Buffer.from(v).toString("base64"));
    }
    expect((result.structuredContent as unknown as MutationData).changed).toBe(true);
  });

  it("refuses a patch whose shape does not fit its type", async () => {
    expect(
      await harness.fail("k8s_patch", {
        kind: "ConfigMap",
        name: "settings",
        namespace,
        patch: { data: {} },
        patchType: "json",
      }),
    ).toContain("patchType json needs patch to be an array");
    expect(
      await harness.fail("k8s_patch", {
        kind: "ConfigMap",
        name: "settings",
        namespace,
        patch: [{ op: "remove", path: "/data/color" }],
        patchType: "merge",
      }),
    ).toContain("an array of operations is a JSON patch");
    expect(
      await harness.fail("k8s_patch", {
        kind: "ConfigMap",
        name: "settings",
        namespace,
        patch: [{ op: "explode", path: "/a" }],
      }),
    ).toMatch(/op/);
  });

  it("explains unknown kinds", async () => {
    expect(
      await harness.fail("k8s_patch", { kind: "Gizmo", name: "x", namespace, patch: { a: 1 } }),
    ).toContain('The cluster does not serve a resource called "Gizmo"');
  });

  it("names the object and namespace when it does not exist", async () => {
    const message = await harness.fail("k8s_patch", {
      kind: "ConfigMap",
      name: "ghost",
      namespace,
      patch: { data: { a: "b" } },
    });
    expect(message).toContain('Cannot patch ConfigMap "ghost" in namespace "shop": it does not exist.');
  });

  it.each(badNames)("refuses the name %j (%s)", async (name) => {
    expect(
      await harness.fail("k8s_patch", { kind: "ConfigMap", name, namespace, patch: { data: {} } }),
    ).toMatch(/name/);
  });
});
