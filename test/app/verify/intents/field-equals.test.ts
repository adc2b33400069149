// k8s_field_equals against the emulator: waits for a field to reach a value (scale through the
// store or client-node, readiness after the emulator's delay), says what it saw when it times out,
// and fails with a sentence for bad paths and arguments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  configMap,
  deployment,
  intent,
  modify,
  namespace,
  rolledOut,
  shortTimeScale,
  startVerifyCluster,
  stored,
  type VerifyCluster,
  verifyOne,
} from "../verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster({ readyDelayMs: 30 });
});

afterAll(async () => {
  await cluster?.close();
});

const field = (name: string, path: string, equals: unknown, kind = "Deployment", timeoutSeconds = 30) =>
  intent(`${name}-field`, "k8s_field_equals", { namespace, kind, name, path, equals }, timeoutSeconds);

function scaleInStore(name: string, replicas: number): void {
  modify(cluster.emulator, "apps/v1", "Deployment", name, (object) => {
    (object.spec as { replicas: number }).replicas = replicas;
  });
}

describe("k8s_field_equals", () => {
  it("passes when spec.replicas reaches the value (scaled in the store while it watches)", async () => {
    cluster.emulator.seed([deployment("web", { replicas: 3 })]);
    await rolledOut(cluster.emulator, "Deployment", "web", 3);
    const pending = verifyOne(cluster, field("web", "spec.replicas", 5));
    scaleInStore("web", 5);
    const result = await pending;
    expect(result).toMatchObject({
      id: "web-field",
      check: "k8s_field_equals",
      status: "passed",
      expected: "spec.replicas = 5",
    });
    expect(result.observed).toMatch(/^spec\.replicas = 5 \(updated \d\/5, ready \d\/5\)$/);
  });

  it("waits for status.readyReplicas until the new pods are ready (scaled through client-node)", async () => {
    cluster.emulator.seed([deployment("ready", { replicas: 1 })]);
    await rolledOut(cluster.emulator, "Deployment", "ready", 1);
    await cluster.kube.apps.replaceNamespacedDeploymentScale({
      namespace,
      name: "ready",
      body: { metadata: { name: "ready", namespace }, spec: { replicas: 4 } },
    });
    const result = await verifyOne(cluster, field("ready", "status.readyReplicas", 4));
    expect(result).toMatchObject({
      status: "passed",
      observed: "status.readyReplicas = 4 (updated 4/4, ready 4/4)",
    });
    expect(stored(cluster.emulator, "apps/v1", "Deployment", "ready")?.status).toMatchObject({
      readyReplicas: 4,
    });
  });

  it("selects a container by name, whatever its position", async () => {
    cluster.emulator.seed([
      deployment("images", { replicas: 1, sidecars: [{ name: "proxy", image: "envoy:1.30" }] }),
    ]);
    const pending = verifyOne(
      cluster,
      field("images", "spec.template.spec.containers[name=proxy].image", "envoy:1.31"),
    );
    modify(cluster.emulator, "apps/v1", "Deployment", "images", (object) => {
      const spec = object.spec as {
        template: { spec: { containers: Array<{ name: string; image: string }> } };
      };
      // Reorder and change: the selector follows the name, not the index.
      spec.template.spec.containers = spec.template.spec.containers
        .map((c) => (c.name === "proxy" ? { ...c, image: "envoy:1.31" } : c))
        .reverse();
    });
    await expect(pending).resolves.toMatchObject({
      status: "passed",
      expected: 'spec.template.spec.containers[name=proxy].image = "envoy:1.31"',
      observed: expect.stringMatching(
        /^spec\.template\.spec\.containers\[name=proxy\]\.image = "envoy:1\.31" \(/,
      ),
    });
  });

  it("times out saying what the field is, with the workload's rollout counts", async () => {
    cluster.emulator.seed([deployment("stays", { replicas: 2 })]);
    await rolledOut(cluster.emulator, "Deployment", "stays", 2);
    const result = await verifyOne(
      cluster,
      field("stays", "spec.replicas", 9, "Deployment", 1),
      shortTimeScale,
    );
    expect(result).toMatchObject({
      status: "timed_out",
      expected: "spec.replicas = 9",
      observed: "spec.replicas = 2 (updated 2/2, ready 2/2)",
    });
  });

  it('compares JSON values exactly: the number 2 is not the text "2"', async () => {
    cluster.emulator.seed([deployment("typed", { replicas: 2 })]);
    const result = await verifyOne(
      cluster,
      field("typed", "spec.replicas", "2", "Deployment", 1),
      shortTimeScale,
    );
    expect(result.status).toBe("timed_out");
    expect(result.expected).toBe('spec.replicas = "2"');
    expect(result.observed).toMatch(/^spec\.replicas = 2 \(/);
  });

  it("compares objects regardless of key order, on any kind", async () => {
    cluster.emulator.seed([configMap("settings", { color: "blue", size: "m" })]);
    const pending = verifyOne(cluster, field("settings", "data", { size: "l", color: "red" }, "ConfigMap"));
    modify(cluster.emulator, "v1", "ConfigMap", "settings", (object) => {
      object.data = { color: "red", size: "l" };
    });
    await expect(pending).resolves.toMatchObject({
      status: "passed",
      expected: 'data = {"size":"l","color":"red"}',
      observed: 'data = {"color":"red","size":"l"}',
    });
  });

  it("reads cluster-scoped objects without a namespace", async () => {
    const result = await verifyOne(
      cluster,
      intent("ns-phase", "k8s_field_equals", {
        kind: "Namespace",
        name: namespace,
        path: "status.phase",
        equals: "Active",
      }),
    );
    expect(result).toMatchObject({ status: "passed", observed: 'status.phase = "Active"' });
  });

  it.each([
    [
      "spec.strategy.rollingUpdate.nothing",
      "spec.strategy.rollingUpdate.nothing is not set (updated 1/1, ready 1/1)",
    ],
    [
      "spec.template.spec.containers[name=web].image",
      'spec.template.spec.containers has no element with name = "web" (names: app) (updated 1/1, ready 1/1)',
    ],
    ["spec.replicas.value", 'spec.replicas is a number, so it has no field "value" (updated 1/1, ready 1/1)'],
  ])("treats %s as not equal and says why when it times out", async (path, observed) => {
    const name = `missing-${path.length}`;
    cluster.emulator.seed([deployment(name, { replicas: 1 })]);
    await rolledOut(cluster.emulator, "Deployment", name, 1);
    const result = await verifyOne(cluster, field(name, path, "x", "Deployment", 1), shortTimeScale);
    expect(result).toMatchObject({ status: "timed_out", observed });
  });

  it("waits for an object that does not exist and says so", async () => {
    const result = await verifyOne(
      cluster,
      field("nowhere", "spec.replicas", 1, "Deployment", 1),
      shortTimeScale,
    );
    expect(result).toMatchObject({
      status: "timed_out",
      observed: 'Deployment "nowhere" in namespace "shop" does not exist',
    });
  });

  it("fails at once on a path it cannot parse, pointing at the problem", async () => {
    const result = await verifyOne(cluster, field("web", "spec.template.spec.containers[0].image", "x"));
    expect(result.status).toBe("failed");
    expect(result.observed).toMatch(
      /^The field path "spec\.template\.spec\.containers\[0\]\.image" is not valid: at character 30 it expects "\." or "\[key=value\]" after "containers"/,
    );
    expect(result.expected).toBe('spec.template.spec.containers[0].image = "x"');
  });

  it("refuses missing and unknown arguments with a sentence", async () => {
    const noEquals = await verifyOne(
      cluster,
      intent("no-equals", "k8s_field_equals", {
        namespace,
        kind: "Deployment",
        name: "web",
        path: "spec.replicas",
      }),
    );
    expect(noEquals).toMatchObject({ status: "failed" });
    expect(noEquals.observed).toMatch(
      /^The arguments of verify entry "no-equals" \(k8s_field_equals\) are not valid: equals: /,
    );
    const extra = await verifyOne(
      cluster,
      intent("extra", "k8s_field_equals", {
        namespace,
        kind: "Deployment",
        name: "web",
        path: "spec.replicas",
        equals: 1,
        value: 2,
      }),
    );
    expect(extra.observed).toContain('args: unknown argument "value"');
    const noNamespace = await verifyOne(
      cluster,
      intent("no-ns", "k8s_field_equals", {
        kind: "Deployment",
        name: "web",
        path: "spec.replicas",
        equals: 1,
      }),
    );
    expect(noNamespace).toMatchObject({
      status: "failed",
      observed:
        'Deployment is a namespaced kind and the intent names no namespace; add "namespace" to its args.',
    });
  });
});
