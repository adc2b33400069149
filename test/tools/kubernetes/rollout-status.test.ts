// k8s_rollout_status against the emulator: one read per call, kubectl's messages, every rollout kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  daemonSet,
  deployment,
  eventually,
  namespace,
  namespaceObject,
  rolledOut,
  statefulSet,
  status,
} from "./workload-fixtures.ts";

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 20, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

describe("k8s_rollout_status", () => {
  it("is read-only, so it is listed even when writes are not allowed", async () => {
    const readOnly = await startMcpHarness({
      reuseEmulator: harness.emulator,
      policy: { allowWrite: false },
    });
    try {
      const { tools } = await readOnly.client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["k8s_rollout_status", "k8s_rollout_history"]));
      for (const mutating of ["k8s_scale", "k8s_set_image", "k8s_rollout_restart", "k8s_rollout_undo"]) {
        expect(names).not.toContain(mutating);
      }
      expect(tools.find((t) => t.name === "k8s_rollout_status")?.annotations).toMatchObject({
        readOnlyHint: true,
      });
    } finally {
      await readOnly.close();
    }
  });

  it("follows a new Deployment until it has rolled out", async () => {
    harness.emulator.seed([deployment("status-web", { replicas: 3 })]);
    const ref = { namespace, kind: "Deployment", name: "status-web" };
    const first = await status(harness, ref);
    expect(first.message).toMatch(
      /^(Waiting for deployment|deployment "status-web" successfully rolled out)/,
    );

    const done = await rolledOut(harness, ref);
    expect(done).toMatchObject({
      done: true,
      failed: false,
      message: 'deployment "status-web" successfully rolled out',
      replicas: { desired: 3, current: 3, updated: 3, ready: 3, available: 3 },
    });
    expect(done.observedGeneration).toBeGreaterThanOrEqual(done.generation);
    expect(done.revision).toBe(1);
    expect(done.conditions.map((c) => c.type)).toContain("Available");
  });

  it.each(["deploy", "DEPLOYMENT", "deployments"])("accepts the kind alias %s", async (kind) => {
    harness.emulator.seed([deployment(`status-alias-${kind.toLowerCase()}`, { replicas: 1 })]);
    const result = await rolledOut(harness, { namespace, kind, name: `status-alias-${kind.toLowerCase()}` });
    expect(result.done).toBe(true);
  });

  it("reads nothing but the workload itself (one cheap read per call)", async () => {
    harness.emulator.seed([deployment("status-cheap", { replicas: 1 })]);
    const ref = { namespace, kind: "Deployment", name: "status-cheap" };
    await rolledOut(harness, ref);
    harness.emulator.faults.failNext({ path: /replicasets|pods/, status: 500, count: 10 });
    try {
      expect((await status(harness, ref)).done).toBe(true);
    } finally {
      harness.emulator.faults.clear();
    }
  });

  it("reports a rollout that exceeded its progress deadline as failed", async () => {
    harness.emulator.seed([
      deployment("status-stuck", { replicas: 1, image: "app:does-not-exist", progressDeadlineSeconds: 1 }),
    ]);
    const ref = { namespace, kind: "Deployment", name: "status-stuck" };
    const failed = await eventually(
      () => status(harness, ref),
      (s) => s.failed,
      { what: "the progress deadline to pass" },
    );
    expect(failed).toMatchObject({
      done: false,
      message: 'deployment "status-stuck" exceeded its progress deadline',
    });
    expect(failed.conditions).toContainEqual(
      expect.objectContaining({ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }),
    );
  });

  it("rolls out a StatefulSet", async () => {
    harness.emulator.seed([statefulSet("status-db", { replicas: 2 })]);
    const done = await rolledOut(harness, { namespace, kind: "sts", name: "status-db" });
    expect(done.replicas).toMatchObject({ desired: 2, ready: 2 });
    expect(done.message).toMatch(
      /partitioned roll out complete: 2 new pods have been updated\.\.\.|statefulset rolling update complete/,
    );
  });

  it("rolls out a DaemonSet", async () => {
    harness.emulator.seed([daemonSet("status-agent")]);
    const done = await rolledOut(harness, { namespace, kind: "ds", name: "status-agent" });
    expect(done.message).toBe('daemon set "status-agent" successfully rolled out');
    expect(done.replicas.available).toBe(done.replicas.desired);
  });

  it("names the missing workload", async () => {
    expect(await harness.fail("k8s_rollout_status", { namespace, kind: "sts", name: "ghost" })).toMatch(
      /Cannot read StatefulSet "ghost" in namespace "shop": it does not exist/,
    );
  });

  it("turns an API failure into a sentence", async () => {
    harness.emulator.faults.failNext({ path: /status-web/, status: 503, count: 1 });
    expect(
      await harness.fail("k8s_rollout_status", { namespace, kind: "Deployment", name: "status-web" }),
    ).toMatch(/The API server failed to read Deployment "status-web" in namespace "shop" \(HTTP 503\)/);
  });

  it.each([
    [{ kind: "Secret" }, /kind "Secret" is not supported/],
    [{ kind: "ReplicaSet" }, /kind "ReplicaSet" is not supported/],
    [{ kind: "deploy;ls" }, /kind/],
    [{ name: "" }, /name/],
    [{ name: "x".repeat(254) }, /name/],
    [{ namespace: "../kube-system" }, /namespace/],
  ])("rejects bad arguments %o", async (override, pattern) => {
    expect(
      await harness.fail("k8s_rollout_status", { namespace, kind: "Deployment", name: "web", ...override }),
    ).toMatch(pattern);
  });

  it("is refused in a denied namespace", async () => {
    const restricted = await startMcpHarness({
      reuseEmulator: harness.emulator,
      policy: { denyNamespaces: ["shop"] },
    });
    try {
      expect(
        await restricted.fail("k8s_rollout_status", { namespace, kind: "Deployment", name: "status-web" }),
      ).toBe('k8s_rollout_status refused: Namespace "shop" is denied by policy.');
    } finally {
      await restricted.close();
    }
  });
});
