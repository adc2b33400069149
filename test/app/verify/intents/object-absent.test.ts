// k8s_object_absent against the emulator: deletes through client-node, cascades, finalizers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  configMap,
  deployment,
  intent,
  modify,
  namespace,
  shortTimeScale,
  startVerifyCluster,
  stored,
  type VerifyCluster,
  verifyOne,
} from "../verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster();
});

afterAll(async () => {
  await cluster?.close();
});

const absent = (kind: string, name: string, timeoutSeconds = 30) =>
  intent(`${name}-absent`, "k8s_object_absent", { namespace, kind, name }, timeoutSeconds);

describe("k8s_object_absent", () => {
  it("passes at once for an object that does not exist", async () => {
    const result = await verifyOne(cluster, absent("ConfigMap", "never"));
    expect(result).toMatchObject({
      check: "k8s_object_absent",
      status: "passed",
      expected: 'ConfigMap "never" in namespace "shop" does not exist',
      observed: 'ConfigMap "never" in namespace "shop" does not exist',
    });
  });

  it("passes once the object is deleted through client-node", async () => {
    cluster.emulator.seed([configMap("old-settings")]);
    const pending = verifyOne(cluster, absent("configmaps", "old-settings"));
    await cluster.kube.core.deleteNamespacedConfigMap({ namespace, name: "old-settings" });
    await expect(pending).resolves.toMatchObject({
      status: "passed",
      expected: 'ConfigMap "old-settings" in namespace "shop" does not exist',
    });
  });

  it("passes for a deleted Deployment", async () => {
    cluster.emulator.seed([deployment("retired")]);
    const pending = verifyOne(cluster, absent("Deployment", "retired"));
    await cluster.kube.apps.deleteNamespacedDeployment({ namespace, name: "retired" });
    await expect(pending).resolves.toMatchObject({ status: "passed" });
  });

  it("times out while the object still exists", async () => {
    cluster.emulator.seed([configMap("kept")]);
    const result = await verifyOne(cluster, absent("ConfigMap", "kept", 1), shortTimeScale);
    expect(result).toMatchObject({
      status: "timed_out",
      observed: 'ConfigMap "kept" in namespace "shop" still exists',
    });
  });

  it("counts an object held by finalizers as present until the last one goes", async () => {
    const held = configMap("held");
    held.metadata.finalizers = ["example.com/hold"];
    cluster.emulator.seed([held]);
    await cluster.kube.core.deleteNamespacedConfigMap({ namespace, name: "held" });
    const waiting = await verifyOne(cluster, absent("ConfigMap", "held", 1), shortTimeScale);
    expect(waiting).toMatchObject({
      status: "timed_out",
      observed:
        'ConfigMap "held" in namespace "shop" is being deleted (waiting for finalizers: example.com/hold)',
    });
    const pending = verifyOne(cluster, absent("ConfigMap", "held"));
    modify(cluster.emulator, "v1", "ConfigMap", "held", (object) => {
      object.metadata.finalizers = [];
    });
    await expect(pending).resolves.toMatchObject({ status: "passed" });
    expect(stored(cluster.emulator, "v1", "ConfigMap", "held")).toBeUndefined();
  });

  it("refuses a namespaced kind without a namespace, and a bad name", async () => {
    const noNamespace = await verifyOne(
      cluster,
      intent("x", "k8s_object_absent", { kind: "ConfigMap", name: "a" }),
    );
    expect(noNamespace).toMatchObject({
      status: "failed",
      observed:
        'ConfigMap is a namespaced kind and the intent names no namespace; add "namespace" to its args.',
    });
    const badName = await verifyOne(
      cluster,
      intent("y", "k8s_object_absent", { namespace, kind: "ConfigMap", name: "../x" }),
    );
    expect(badName).toMatchObject({ status: "failed" });
    expect(badName.observed).toContain("name: must be a DNS-1123 name");
  });
});
