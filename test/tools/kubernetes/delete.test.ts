// k8s_delete against the emulator: one named object, dry runs that delete nothing and show the
// object as a diff to empty, propagation policies, and 404s that name the object.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  badNames,
  changedLines,
  configMap,
  deployment,
  eventually,
  everything,
  type MutationData,
  namespace,
  namespaceObject,
  secret,
  stored,
  typeOf,
} from "./object-fixtures.ts";

interface DeleteData extends MutationData {
  pendingFinalizers: string[];
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({
    emulator: {
      readyDelayMs: 10,
      seed: [
        namespaceObject(),
        configMap("doomed"),
        configMap("kept"),
        secret("old-creds", { password: "tr0ub4dor-and-3" }),
        deployment("cascade", { replicas: 1 }),
        deployment("orphaner", { replicas: 1 }),
      ],
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

function replicaSetsOf(app: string) {
  const type = typeOf(harness.emulator, "apps/v1", "ReplicaSet");
  return harness.emulator.store.list(type, { namespace, labelSelector: `app=${app}` }).items;
}

describe("k8s_delete", () => {
  it("dryRun shows the object as a diff to empty and deletes nothing", async () => {
    const before = stored(harness.emulator, "v1", "ConfigMap", "kept");
    const data = await harness.ok<DeleteData>("k8s_delete", {
      kind: "ConfigMap",
      name: "kept",
      namespace,
      dryRun: true,
    });
    expect(data).toMatchObject({ dryRun: true, changed: true, pendingFinalizers: [] });
    const lines = changedLines(data.objects[0]?.diff ?? "");
    expect(lines.every((line) => line.startsWith("-"))).toBe(true);
    expect(lines).toEqual(expect.arrayContaining(["-  name: kept", "-  color: blue"]));
    expect(stored(harness.emulator, "v1", "ConfigMap", "kept")).toEqual(before);
  });

  it("deletes one object", async () => {
    const data = await harness.ok<DeleteData>("k8s_delete", {
      kind: "configmaps",
      name: "doomed",
      namespace,
    });
    expect(data).toMatchObject({ dryRun: false, changed: true, pendingFinalizers: [] });
    expect(data.objects[0]?.key).toBe("ConfigMap/shop/doomed");
    expect(stored(harness.emulator, "v1", "ConfigMap", "doomed")).toBeUndefined();
    expect(stored(harness.emulator, "v1", "ConfigMap", "kept")).toBeDefined();
  });

  it("masks Secret values in the deletion diff", async () => {
    const result = await harness.call("k8s_delete", {
      kind: "Secret",
      name: "old-creds",
      namespace,
      dryRun: true,
    });
    expect(result.isError).toBeFalsy();
    expect(everything(result)).not.toContain("tr0ub4dor-and-3");
    expect(everything(result)).not.toContain(Buffer.from("tr0ub4dor-and-3").toString("base64"));
  });

  it("removes dependents in the background by default, and keeps them with Orphan", async () => {
    await eventually(() =>
      replicaSetsOf("cascade").length > 0 && replicaSetsOf("orphaner").length > 0 ? true : undefined,
    );
    await harness.ok("k8s_delete", { kind: "Deployment", name: "cascade", namespace });
    await eventually(() => (replicaSetsOf("cascade").length === 0 ? true : undefined));
    await harness.ok("k8s_delete", {
      kind: "Deployment",
      name: "orphaner",
      namespace,
      propagationPolicy: "Orphan",
    });
    await harness.emulator.idle();
    expect(stored(harness.emulator, "apps/v1", "Deployment", "orphaner")).toBeUndefined();
    expect(replicaSetsOf("orphaner")).toHaveLength(1);
  });

  it("reports finalizers that keep an object around", async () => {
    const withFinalizer = configMap("guarded");
    withFinalizer.metadata.finalizers = ["example.com/cleanup"];
    harness.emulator.seed([withFinalizer]);
    const data = await harness.ok<DeleteData>("k8s_delete", {
      kind: "ConfigMap",
      name: "guarded",
      namespace,
    });
    expect(data.pendingFinalizers).toEqual(["example.com/cleanup"]);
    expect(stored(harness.emulator, "v1", "ConfigMap", "guarded")?.metadata.deletionTimestamp).toEqual(
      expect.any(String),
    );
  });

  it("names the object and namespace when it does not exist", async () => {
    const message = await harness.fail("k8s_delete", { kind: "ConfigMap", name: "doomed", namespace });
    expect(message).toContain('Cannot delete ConfigMap "doomed" in namespace "shop": it does not exist.');
  });

  it("has no bulk form: a selector or a missing name is refused", async () => {
    expect(await harness.fail("k8s_delete", { kind: "ConfigMap", namespace })).toMatch(/name/);
    const message = await harness.fail("k8s_delete", {
      kind: "ConfigMap",
      name: "kept",
      namespace,
      labelSelector: "app=kept",
    });
    expect(message).toContain("labelSelector");
    expect(stored(harness.emulator, "v1", "ConfigMap", "kept")).toBeDefined();
  });

  it.each(badNames)("refuses the name %j (%s)", async (name) => {
    expect(await harness.fail("k8s_delete", { kind: "ConfigMap", name, namespace })).toMatch(/name/);
  });

  it("explains unknown kinds", async () => {
    expect(await harness.fail("k8s_delete", { kind: "Gizmo", name: "kept", namespace })).toContain(
      'The cluster does not serve a resource called "Gizmo"',
    );
  });

  it("refuses unknown propagation policies", async () => {
    expect(
      await harness.fail("k8s_delete", {
        kind: "ConfigMap",
        name: "kept",
        namespace,
        propagationPolicy: "Everything",
      }),
    ).toMatch(/propagationPolicy/);
  });
});
