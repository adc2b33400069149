// k8s_rollout_restart against the emulator: the restartedAt stamp, a new revision, dry runs, refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  changedLines,
  deployment,
  type MutationData,
  namespace,
  namespaceObject,
  rolledOut,
  statefulSet,
  stored,
  storedTemplate,
} from "./workload-fixtures.ts";

interface RestartData extends MutationData {
  restartedAt: string;
}

const restartedAt = "kubectl.kubernetes.io/restartedAt";
let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 20, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

function templateAnnotations(kind: string, name: string): Record<string, string> | undefined {
  return storedTemplate(harness.emulator, kind, name).metadata?.annotations;
}

describe("k8s_rollout_restart", () => {
  it("is listed as mutating and not idempotent", async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === "k8s_rollout_restart")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
  });

  it("stamps the pod template with restartedAt (RFC 3339) and rolls out a new revision", async () => {
    harness.emulator.seed([deployment("restart-web", { replicas: 2 })]);
    const ref = { namespace, kind: "Deployment", name: "restart-web" };
    await rolledOut(harness, ref);

    const startedBefore = Date.now();
    const result = await harness.ok<RestartData>("k8s_rollout_restart", ref);
    expect(result.restartedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(result.restartedAt)).toBeGreaterThanOrEqual(Math.floor(startedBefore / 1000) * 1000);
    expect(result).toMatchObject({ dryRun: false, changed: true });
    expect(changedLines(result)).toContain(`+kubectl.kubernetes.io/restartedAt: ${result.restartedAt}`);
    expect(templateAnnotations("Deployment", "restart-web")).toEqual({ [restartedAt]: result.restartedAt });

    await rolledOut(harness, ref);
    const history = await harness.ok<{ currentRevision?: number; total: number }>("k8s_rollout_history", ref);
    expect(history).toMatchObject({ currentRevision: 2, total: 2 });
  });

  it("restarts a StatefulSet too", async () => {
    harness.emulator.seed([statefulSet("restart-db", { replicas: 1 })]);
    const result = await harness.ok<RestartData>("k8s_rollout_restart", {
      namespace,
      kind: "statefulset",
      name: "restart-db",
    });
    expect(templateAnnotations("StatefulSet", "restart-db")).toEqual({ [restartedAt]: result.restartedAt });
  });

  it("with dryRun changes nothing and returns the diff naming the annotation", async () => {
    harness.emulator.seed([deployment("restart-dry")]);
    const ref = { namespace, kind: "Deployment", name: "restart-dry" };
    await rolledOut(harness, ref);
    await harness.emulator.idle();
    const before = stored(harness.emulator, "Deployment", "restart-dry");

    const result = await harness.ok<RestartData>("k8s_rollout_restart", { ...ref, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, changed: true });
    expect(changedLines(result).join("\n")).toContain("kubectl.kubernetes.io/restartedAt");
    expect(stored(harness.emulator, "Deployment", "restart-dry")).toEqual(before);
  });

  it("refuses a paused Deployment, as kubectl does", async () => {
    harness.emulator.seed([deployment("restart-paused", { paused: true })]);
    const text = await harness.fail("k8s_rollout_restart", {
      namespace,
      kind: "Deployment",
      name: "restart-paused",
    });
    expect(text).toContain('Cannot restart deployment "restart-paused" in namespace "shop": it is paused.');
    expect(templateAnnotations("Deployment", "restart-paused")).toBeUndefined();
  });

  it.each([
    [{ kind: "Secret" }, /kind "Secret" is not supported/],
    [{ kind: "ReplicaSet" }, /kind "ReplicaSet" is not supported/],
    [{ name: "web/../../x" }, /name/],
    [{ namespace: "-bad" }, /namespace/],
  ])("rejects bad arguments %o", async (override, pattern) => {
    expect(
      await harness.fail("k8s_rollout_restart", {
        namespace,
        kind: "Deployment",
        name: "restart-web",
        ...override,
      }),
    ).toMatch(pattern);
  });

  it("is refused outside the allowed namespaces", async () => {
    const restricted = await startMcpHarness({
      reuseEmulator: harness.emulator,
      policy: { allowNamespaces: ["prod"] },
    });
    try {
      expect(
        await restricted.fail("k8s_rollout_restart", { namespace, kind: "Deployment", name: "restart-web" }),
      ).toMatch(/refused: Namespace "shop" is not in the allowed namespaces \(prod\)/);
    } finally {
      await restricted.close();
    }
  });
});
