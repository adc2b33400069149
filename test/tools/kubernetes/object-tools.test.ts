// The generic object tools as an MCP client sees them: names, schemas and annotations in
// tools/list, mutating tools hidden and refused on a read-only server, and namespace policy
// refusing every tool before it touches the cluster.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invokeTool } from "../../../tools/invoke.ts";
import { createKubeClients } from "../../../tools/kubernetes/client.ts";
import { objectTools } from "../../../tools/kubernetes/object-tools.ts";
import { Policy } from "../../../tools/policy.ts";
import { type KubeEmulator, startKubeEmulator } from "../../emulators/kube/index.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { at, configMap, namespace, namespaceObject, stored } from "./object-fixtures.ts";

const readOnly = ["k8s_api_resources", "k8s_get", "k8s_describe", "k8s_events", "k8s_logs", "k8s_diff"];
const mutating = ["k8s_apply", "k8s_patch", "k8s_delete"];

let emulator: KubeEmulator;

beforeAll(async () => {
  emulator = await startKubeEmulator({
    seed: [
      namespaceObject(),
      namespaceObject("vault"),
      configMap("settings"),
      configMap("locked", { a: "b" }, "vault"),
    ],
  });
});

afterAll(async () => {
  await emulator?.close();
});

async function withHarness(
  policy: NonNullable<Parameters<typeof startMcpHarness>[0]>["policy"],
  run: (h: McpHarness) => Promise<void>,
) {
  const harness = await startMcpHarness({ reuseEmulator: emulator, policy });
  try {
    await run(harness);
  } finally {
    await harness.close();
  }
}

describe("tools/list", () => {
  it("lists every object tool with its schemas and exact annotations", async () => {
    await withHarness({}, async (harness) => {
      const { tools } = await harness.client.listTools();
      const byName = new Map(tools.map((t) => [t.name, t]));
      expect(objectTools.map((t) => t.name)).toEqual([...readOnly, ...mutating]);
      for (const name of [...readOnly, ...mutating]) {
        const tool = byName.get(name);
        expect(tool, name).toBeDefined();
        expect(tool?.description?.length ?? 0).toBeGreaterThan(100);
        expect(tool?.inputSchema.type).toBe("object");
        expect(tool?.outputSchema?.type).toBe("object");
      }
      for (const name of readOnly)
        expect(byName.get(name)?.annotations).toMatchObject({ readOnlyHint: true });
      expect(byName.get("k8s_apply")?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
      });
      expect(byName.get("k8s_patch")?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
      });
      expect(byName.get("k8s_delete")?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
      });

      const props = (name: string) => Object.keys((byName.get(name)?.inputSchema.properties ?? {}) as object);
      expect(props("k8s_get")).toEqual(
        expect.arrayContaining([
          "kind",
          "apiVersion",
          "name",
          "namespace",
          "allNamespaces",
          "labelSelector",
          "fieldSelector",
          "limit",
          "continue",
        ]),
      );
      expect(byName.get("k8s_get")?.inputSchema.required).toEqual(["kind"]);
      expect(props("k8s_logs")).toEqual(
        expect.arrayContaining(["pod", "container", "tailLines", "sinceSeconds", "previous"]),
      );
      expect(props("k8s_apply")).toEqual(
        expect.arrayContaining(["manifests", "namespace", "force", "dryRun"]),
      );
      expect(props("k8s_diff")).toEqual(expect.arrayContaining(["manifests", "namespace"]));
      expect(props("k8s_diff")).not.toContain("dryRun");
      expect(props("k8s_patch")).toEqual(
        expect.arrayContaining(["kind", "name", "namespace", "patch", "patchType", "dryRun"]),
      );
      expect(props("k8s_delete")).toEqual(
        expect.arrayContaining(["kind", "name", "namespace", "propagationPolicy", "dryRun"]),
      );
      expect(props("k8s_delete")).not.toContain("labelSelector");
      expect(at(byName.get("k8s_get")?.inputSchema, "properties.limit")).toMatchObject({
        maximum: 500,
        default: 100,
      });
    });
  });
});

describe("read-only policy", () => {
  it("hides every mutating tool and refuses calls to them", async () => {
    await withHarness({ allowWrite: false }, async (harness) => {
      const names = (await harness.client.listTools()).tools.map((t) => t.name);
      for (const name of readOnly) expect(names).toContain(name);
      for (const name of mutating) expect(names).not.toContain(name);
      const args: Record<string, Record<string, unknown>> = {
        k8s_apply: { manifests: [configMap("settings", { color: "red" })] },
        k8s_patch: { kind: "ConfigMap", name: "settings", namespace, patch: { data: { color: "red" } } },
        k8s_delete: { kind: "ConfigMap", name: "settings", namespace },
      };
      for (const name of mutating) {
        expect(await harness.fail(name, args[name])).toContain(`Tool ${name} not found`);
        expect(await harness.fail(name, { ...args[name], dryRun: true })).toContain(`Tool ${name} not found`);
      }
      // The diff tool stays available: it only ever runs a server-side dry run.
      const diff = await harness.ok<{ changed: boolean }>("k8s_diff", { ...args.k8s_apply, force: true });
      expect(diff.changed).toBe(true);
      expect(stored(emulator, "v1", "ConfigMap", "settings")?.data).toEqual({ color: "blue" });
    });
  });

  it("refuses mutating tools called directly (the executor's path) on a read-only policy", async () => {
    const kube = createKubeClients(emulator.kubeConfig());
    const policy = new Policy({ allowWrite: false });
    for (const tool of objectTools.filter((t) => mutating.includes(t.name))) {
      const result = await invokeTool(
        tool,
        { kind: "ConfigMap", name: "settings", namespace, manifests: [], patch: {} },
        { kube, policy },
      );
      expect(result.isError).toBe(true);
      expect(result.content[0]).toMatchObject({ type: "text", text: expect.stringContaining("read-only") });
    }
    expect(stored(emulator, "v1", "ConfigMap", "settings")).toBeDefined();
  });
});

describe("namespace policy", () => {
  const lockedManifest = [configMap("locked", { a: "changed" }, "vault")];
  const calls: Array<[string, Record<string, unknown>]> = [
    ["k8s_get", { kind: "ConfigMap", name: "locked", namespace: "vault" }],
    ["k8s_get", { kind: "ConfigMap", namespace: "vault" }],
    ["k8s_get", { kind: "ConfigMap", allNamespaces: true }],
    ["k8s_get", { kind: "Namespace", name: "vault" }],
    ["k8s_describe", { kind: "ConfigMap", name: "locked", namespace: "vault" }],
    ["k8s_events", { namespace: "vault" }],
    ["k8s_logs", { namespace: "vault", pod: "anything" }],
    ["k8s_diff", { manifests: lockedManifest }],
    [
      "k8s_diff",
      {
        manifests: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: locked\ndata:\n  a: changed\n",
        namespace: "vault",
      },
    ],
    ["k8s_apply", { manifests: lockedManifest }],
    ["k8s_apply", { manifests: lockedManifest, dryRun: true }],
    ["k8s_apply", { manifests: [configMap("fine"), ...lockedManifest] }],
    ["k8s_apply", { manifests: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "vault" } }] }],
    [
      "k8s_patch",
      { kind: "ConfigMap", name: "locked", namespace: "vault", patch: { data: { a: "changed" } } },
    ],
    ["k8s_delete", { kind: "ConfigMap", name: "locked", namespace: "vault" }],
    ["k8s_delete", { kind: "ns", name: "vault" }],
  ];

  it.each(calls)("%s refuses a denied namespace (%j)", async (name, args) => {
    await withHarness({ denyNamespaces: ["vault"] }, async (harness) => {
      const message = await harness.fail(name, args);
      expect(message).toContain(`${name} refused:`);
      expect(message).toMatch(
        /Namespace "vault" is denied by policy|Cluster-scoped or all-namespace access is not allowed/,
      );
    });
    expect(stored(emulator, "v1", "ConfigMap", "locked", "vault")?.data).toEqual({ a: "b" });
    expect(stored(emulator, "v1", "ConfigMap", "fine")).toBeUndefined();
    expect(stored(emulator, "v1", "Namespace", "vault", undefined)).toBeDefined();
  });

  it("allows the same calls in an allowed namespace", async () => {
    await withHarness({ allowNamespaces: ["shop"] }, async (harness) => {
      await harness.ok("k8s_get", { kind: "ConfigMap", name: "settings", namespace });
      await harness.ok("k8s_events", { namespace });
      await harness.ok("k8s_diff", { manifests: [configMap("settings", { color: "red" })], force: true });
      // Discovery describes types, not objects in any namespace: it stays available.
      await harness.ok("k8s_api_resources", { group: "apps" });
      // Cluster-scoped reads need every namespace to be allowed.
      expect(await harness.fail("k8s_get", { kind: "Namespace", name: "shop" })).toContain("Cluster-scoped");
      // A namespace given for a cluster-scoped kind does not smuggle in cluster access.
      const smuggled = await harness.fail("k8s_get", { kind: "Namespace", name: "shop", namespace });
      expect(smuggled).toContain('Namespace is cluster-scoped, so namespace "shop" does not apply to it.');
    });
  });
});
