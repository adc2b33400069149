// k8s_apply against the emulator: server-side apply as field manager skyflo, idempotent, dry
// runs that change nothing, conflicts that name the field and its manager, Secret values hidden.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeClients } from "../../../tools/kubernetes/client.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  at,
  changedLines,
  configMap,
  deployment,
  everything,
  type MutationData,
  namespace,
  namespaceObject,
  stored,
  widgetType,
} from "./object-fixtures.ts";

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 10, seed: [namespaceObject()] } });
  harness.emulator.store.registry.add(widgetType);
});

afterAll(async () => {
  await harness?.close();
});

/** Applies an object as another field manager, straight through the API (not the tools). */
async function applyAs(manager: string, object: Record<string, unknown>): Promise<void> {
  const clients = createKubeClients(harness.emulator.kubeConfig());
  const metadata = object.metadata as { name: string; namespace: string };
  const response = await clients.request(
    `/api/v1/namespaces/${metadata.namespace}/configmaps/${metadata.name}`,
    {
      method: "PATCH",
      headers: { "Content-Type": "application/apply-patch+yaml" },
      query: { fieldManager: manager },
      body: JSON.stringify(object),
    },
  );
  expect(response.status).toBeLessThan(300);
}

describe("k8s_apply", () => {
  it("creates objects of several kinds in order, as field manager skyflo", async () => {
    const manifests = [
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fresh-ns\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: fresh-ns\ndata:\n  mode: fast\n",
      "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gizmo\n  namespace: shop\nspec:\n  size: 2\n",
    ].join("---\n");
    const data = await harness.ok<MutationData>("k8s_apply", { manifests });
    expect(data.dryRun).toBe(false);
    expect(data.objects.map((o) => [o.key, o.changed])).toEqual([
      ["Namespace/fresh-ns", true],
      ["ConfigMap/fresh-ns/app-config", true],
      ["Widget/shop/gizmo", true],
    ]);
    const created = stored(harness.emulator, "v1", "ConfigMap", "app-config", "fresh-ns");
    expect(created?.data).toEqual({ mode: "fast" });
    expect(created?.metadata.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ["skyflo", "Apply"],
    ]);
    expect(stored(harness.emulator, "example.com/v1", "Widget", "gizmo")?.spec).toEqual({ size: 2 });
  });

  it("is idempotent: applying the same manifests again changes nothing", async () => {
    const manifests = [deployment("web", { replicas: 2 })];
    const first = await harness.ok<MutationData>("k8s_apply", { manifests });
    expect(first.changed).toBe(true);
    const generation = stored(harness.emulator, "apps/v1", "Deployment", "web")?.metadata.generation;
    const again = await harness.ok<MutationData>("k8s_apply", { manifests });
    expect(again).toEqual({
      dryRun: false,
      changed: false,
      objects: [{ key: "Deployment/shop/web", changed: false, diff: "" }],
    });
    // Controllers keep updating status (and so resourceVersion); the object itself did not change.
    expect(stored(harness.emulator, "apps/v1", "Deployment", "web")?.metadata.generation).toBe(generation);
  });

  it("applies changes and returns the diff", async () => {
    const data = await harness.ok<MutationData>("k8s_apply", {
      manifests: [deployment("web", { replicas: 3 })],
    });
    expect(changedLines(data.objects[0]?.diff ?? "")).toEqual(["-  replicas: 2", "+  replicas: 3"]);
    expect(at(stored(harness.emulator, "apps/v1", "Deployment", "web"), "spec.replicas")).toBe(3);
  });

  it("dryRun returns the diff and changes nothing", async () => {
    const before = stored(harness.emulator, "apps/v1", "Deployment", "web");
    const data = await harness.ok<MutationData>("k8s_apply", {
      manifests: [deployment("web", { replicas: 7 }), configMap("not-yet")],
      dryRun: true,
    });
    expect(data.dryRun).toBe(true);
    expect(changedLines(data.objects[0]?.diff ?? "")).toEqual(["-  replicas: 3", "+  replicas: 7"]);
    expect(data.objects[1]).toMatchObject({ key: "ConfigMap/shop/not-yet", changed: true });
    await harness.emulator.idle();
    const after = stored(harness.emulator, "apps/v1", "Deployment", "web");
    expect(after?.spec).toEqual(before?.spec);
    expect(after?.metadata.generation).toBe(before?.metadata.generation);
    expect(stored(harness.emulator, "v1", "ConfigMap", "not-yet")).toBeUndefined();
  });

  it("uses the namespace argument for objects without one", async () => {
    const data = await harness.ok<MutationData>("k8s_apply", {
      manifests: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: via-arg\ndata:\n  a: b\n",
      namespace,
    });
    expect(data.objects[0]?.key).toBe("ConfigMap/shop/via-arg");
    expect(stored(harness.emulator, "v1", "ConfigMap", "via-arg")).toBeDefined();
  });

  it("names the conflicting field and manager, and force takes ownership", async () => {
    await applyAs("other-team", configMap("owned", { color: "blue" }));
    const message = await harness.fail("k8s_apply", { manifests: [configMap("owned", { color: "green" })] });
    expect(message).toContain('Cannot apply ConfigMap "owned" in namespace "shop"');
    expect(message).toContain(".data.color");
    expect(message).toContain('"other-team"');
    expect(message).toContain("force: true");
    expect(stored(harness.emulator, "v1", "ConfigMap", "owned")?.data).toEqual({ color: "blue" });

    const forced = await harness.ok<MutationData>("k8s_apply", {
      manifests: [configMap("owned", { color: "green" })],
      force: true,
    });
    expect(changedLines(forced.objects[0]?.diff ?? "")).toEqual(["-  color: blue", "+  color: green"]);
    const managers = stored(harness.emulator, "v1", "ConfigMap", "owned")?.metadata.managedFields ?? [];
    const colorOwners = managers
      .filter((m) => JSON.stringify(m.fieldsV1).includes("f:color"))
      .map((m) => m.manager);
    expect(colorOwners).toEqual(["skyflo"]);
  });

  it("never shows a Secret's values, plain or base64, in the diff or anywhere in the result", async () => {
    const value = "correct-horse-battery-staple";
    const manifests = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: shop\ntype: Opaque\nstringData:\n  password: ${value}\n`;
    const result = await harness.call("k8s_apply", { manifests });
    expect(result.isError).toBeFalsy();
    const all = everything(result);
    expect(all).not.toContain(value);
    expect(all).not.toContain(Buffer.from(value).toString("base64"));
    expect(stored(harness.emulator, "v1", "Secret", "creds")?.data).toEqual({
      password: Buffer.from(value).toString("base64"),
    });

    // A rotated value of the same length still shows as a change, without showing either value.
    const rotated = "correct-horse-battery-stapl3";
    const second = await harness.call("k8s_apply", { manifests: manifests.replace(value, rotated) });
    const secondText = everything(second);
    for (const v of [value, rotated]) {
      expect(secondText).not.toContain(v);
      expect(secondText).not.toContain(Buffer.from(v).toString("base64"));
    }
    const data = second.structuredContent as unknown as MutationData;
    expect(data.changed).toBe(true);
    expect(changedLines(data.objects[0]?.diff ?? "")).toEqual([
      '-  password: "<redacted: 28 bytes>"',
      '+  password: "<redacted: 28 bytes, value changed>"',
    ]);
  });

  it("keeps Secret values out of error messages, even when the server quotes them", async () => {
    const value = "leaky-value-9876";
    const encoded = Buffer.from(value).toString("base64");
    harness.emulator.faults.failNext({
      path: /\/secrets\/leaky$/,
      method: "PATCH",
      status: 422,
      message: `Secret "leaky" is invalid: data[token]: Invalid value: "${value}" (${encoded})`,
    });
    const manifests = [
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "leaky", namespace },
        type: "Opaque",
        data: { token: encoded },
      },
    ];
    const message = await harness.fail("k8s_apply", { manifests });
    expect(message).toContain('Cannot apply Secret "leaky" in namespace "shop": the change is invalid.');
    expect(message).toContain("<redacted>");
    expect(message).not.toContain(value);
    expect(message).not.toContain(encoded);
  });

  it("stops at the first failure and says what was already applied", async () => {
    const manifests = [
      configMap("first-ok"),
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "invalid", namespace },
        spec: { replicas: -1 },
      },
    ];
    const message = await harness.fail("k8s_apply", { manifests });
    expect(message).toContain('Cannot apply Deployment "invalid" in namespace "shop"');
    expect(message).toContain(
      "Objects applied before this failure (left as applied): ConfigMap/shop/first-ok",
    );
  });

  it("refuses manifest problems before sending anything", async () => {
    const docs = Array.from({ length: 51 }, (_, i) => configMap(`many-${i}`));
    expect(await harness.fail("k8s_apply", { manifests: docs })).toMatch(/50/);
    expect(stored(harness.emulator, "v1", "ConfigMap", "many-0")).toBeUndefined();
    expect(
      await harness.fail("k8s_apply", {
        manifests: [configMap("x"), configMap("y", {}, "other")],
        namespace,
      }),
    ).toContain('is in namespace "other" but the namespace argument is "shop"');
    expect(stored(harness.emulator, "v1", "ConfigMap", "x")).toBeUndefined();
    expect(await harness.fail("k8s_apply", { manifests: "a: [" })).toContain("does not parse");
  });
});
