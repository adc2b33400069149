// k8s_diff against the emulator: a server-side dry-run apply per object, diffed like kubectl diff;
// nothing changes, Secret values never show, and bad manifests are refused before any request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  changedLines,
  configMap,
  everything,
  namespace,
  namespaceObject,
  stored,
  widgetType,
} from "./object-fixtures.ts";

interface DiffData {
  changed: boolean;
  objects: Array<{ key: string; changed: boolean; diff: string }>;
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: { seed: [namespaceObject(), namespaceObject("other"), configMap("legacy")] },
  });
  harness.emulator.store.registry.add(widgetType);
  // Created by skyflo's own apply, so skyflo owns its fields (as after a first k8s_apply).
  await harness.ok("k8s_apply", { manifests: [configMap("settings")] });
});

afterAll(async () => {
  await harness?.close();
});

const settingsYaml = (color: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels:
    app: settings
data:
  color: ${color}
`;

describe("k8s_diff", () => {
  it("diffs a changed object against the live one and changes nothing", async () => {
    const before = stored(harness.emulator, "v1", "ConfigMap", "settings");
    const data = await harness.ok<DiffData>("k8s_diff", { manifests: settingsYaml("green") });
    expect(data.changed).toBe(true);
    expect(data.objects).toHaveLength(1);
    expect(data.objects[0]?.key).toBe("ConfigMap/shop/settings");
    expect(changedLines(data.objects[0]?.diff ?? "")).toEqual(["-  color: blue", "+  color: green"]);
    expect(data.objects[0]?.diff).toContain("--- live/ConfigMap/shop/settings");
    expect(stored(harness.emulator, "v1", "ConfigMap", "settings")).toEqual(before);
  });

  it("reports no change when the manifest matches", async () => {
    const data = await harness.ok<DiffData>("k8s_diff", { manifests: settingsYaml("blue") });
    expect(data).toEqual({
      changed: false,
      objects: [{ key: "ConfigMap/shop/settings", changed: false, diff: "" }],
    });
  });

  it("diffs new objects against empty, for several documents and any kind", async () => {
    const manifests = [
      settingsYaml("blue"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\ndata:\n  a: '1'\n",
      "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gizmo\nspec:\n  size: 2\n",
    ].join("---\n");
    const data = await harness.ok<DiffData>("k8s_diff", { manifests, namespace });
    expect(data.objects.map((o) => [o.key, o.changed])).toEqual([
      ["ConfigMap/shop/settings", false],
      ["ConfigMap/shop/fresh", true],
      ["Widget/shop/gizmo", true],
    ]);
    const fresh = changedLines(data.objects[1]?.diff ?? "");
    expect(fresh.every((line) => line.startsWith("+"))).toBe(true);
    expect(fresh).toContain("+  name: fresh");
    expect(stored(harness.emulator, "v1", "ConfigMap", "fresh")).toBeUndefined();
    expect(stored(harness.emulator, "example.com/v1", "Widget", "gizmo")).toBeUndefined();
  });

  it("takes an array of objects as well as YAML", async () => {
    const data = await harness.ok<DiffData>("k8s_diff", {
      manifests: [configMap("settings", { color: "red" })],
    });
    expect(changedLines(data.objects[0]?.diff ?? "")).toEqual(["-  color: blue", "+  color: red"]);
  });

  it("never shows Secret values, plain or base64, anywhere in the result", async () => {
    const value = "pa55-w0rd-very-secret";
    const manifests = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ntype: Opaque\nstringData:\n  password: ${value}\n`;
    const result = await harness.call("k8s_diff", { manifests });
    expect(result.isError).toBeFalsy();
    const all = everything(result);
    expect(all).not.toContain(value);
    expect(all).not.toContain(Buffer.from(value).toString("base64"));
    expect(all).toContain("<redacted: 21 bytes>");
    expect(stored(harness.emulator, "v1", "Secret", "db")).toBeUndefined();
  });

  it("reports fields another manager owns as a conflict, and diffs with force", async () => {
    // Seeded without managed fields: a real server gives them to "before-first-apply".
    const message = await harness.fail("k8s_diff", { manifests: [configMap("legacy", { color: "red" })] });
    expect(message).toContain('Cannot diff ConfigMap "legacy" in namespace "shop"');
    expect(message).toContain('.data.color is managed by "before-first-apply"');
    expect(message).toContain("force: true");
    const forced = await harness.ok<DiffData>("k8s_diff", {
      manifests: [configMap("legacy", { color: "red" })],
      force: true,
    });
    expect(changedLines(forced.objects[0]?.diff ?? "")).toEqual(["-  color: blue", "+  color: red"]);
    expect(stored(harness.emulator, "v1", "ConfigMap", "legacy")?.data).toEqual({ color: "blue" });
  });

  it("refuses a manifest whose namespace differs from the namespace argument", async () => {
    const message = await harness.fail("k8s_diff", { manifests: settingsYaml("red"), namespace: "other" });
    expect(message).toContain('is in namespace "shop" but the namespace argument is "other"');
  });

  it("asks for a namespace when neither the object nor the argument gives one", async () => {
    const message = await harness.fail("k8s_diff", {
      manifests: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    });
    expect(message).toContain("ConfigMap is a namespaced kind and no namespace was given");
    expect(message).toContain("metadata.namespace");
  });

  it("refuses YAML that does not parse, naming the document and line", async () => {
    const message = await harness.fail("k8s_diff", {
      manifests: `${settingsYaml("a")}---\nkind: [unclosed\n`,
    });
    expect(message).toMatch(/YAML document 2 does not parse at line \d+/);
  });

  it("refuses manifests over 1 MiB", async () => {
    const big = `${settingsYaml("a")}  filler: "${"x".repeat(1024 * 1024)}"\n`;
    expect(await harness.fail("k8s_diff", { manifests: big })).toMatch(/1048576|1 MiB|too_big|Too big/i);
    const bigArray = [configMap("settings", { filler: "x".repeat(1024 * 1024) })];
    expect(await harness.fail("k8s_diff", { manifests: bigArray })).toContain(
      "the limit is 1048576 bytes (1 MiB)",
    );
  });

  it("refuses more than 50 documents", async () => {
    const docs = Array.from({ length: 51 }, (_, i) => stringify(configMap(`cm-${i}`))).join("---\n");
    expect(await harness.fail("k8s_diff", { manifests: docs })).toContain("contain 51 objects; at most 50");
    const list = stringify({
      apiVersion: "v1",
      kind: "List",
      items: Array.from({ length: 51 }, (_, i) => configMap(`cm-${i}`)),
    });
    expect(await harness.fail("k8s_diff", { manifests: list })).toContain("contain 51 objects; at most 50");
  });

  it.each([
    ["kind: ConfigMap\nmetadata:\n  name: a\n", "apiVersion is missing"],
    ["apiVersion: v1\nmetadata:\n  name: a\n", "kind is missing"],
    ["apiVersion: v1\nkind: ConfigMap\n", "has no metadata"],
    ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: a-\n", "generateName"],
    ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ../etc\n", 'metadata.name "../etc" is not valid'],
    ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Web\n", 'metadata.name "Web" is not valid'],
    [
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: a/b\n",
      'metadata.namespace "a/b" is not valid',
    ],
    ["apiVersion: ../v1\nkind: ConfigMap\nmetadata:\n  name: a\n", 'apiVersion "../v1" is not valid'],
    ["- just\n- a list\n", "is not a mapping"],
    ["# only a comment\n", "contain no objects"],
  ])("refuses %j", async (manifests, expected) => {
    expect(await harness.fail("k8s_diff", { manifests, namespace })).toContain(expected);
  });

  it("explains unknown kinds", async () => {
    const message = await harness.fail("k8s_diff", {
      manifests: "apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: a\n",
      namespace,
    });
    expect(message).toContain('does not serve a resource called "Gadget" in example.com/v1');
  });
});
