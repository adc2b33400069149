// k8s_scale against the emulator: through the scale subresource, rollouts complete, dry runs change
// nothing, and bad requests get sentences that say what to do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  changedLines,
  daemonSet,
  deployment,
  type MutationData,
  namespace,
  namespaceObject,
  replicaSet,
  rolledOut,
  statefulSet,
  stored,
  storedOrFail,
} from "./workload-fixtures.ts";

interface ScaleData extends MutationData {
  previousReplicas: number;
  replicas: number;
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 20, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

describe("k8s_scale", () => {
  it("is listed as a mutating, idempotent, non-destructive tool", async () => {
    const { tools } = await harness.client.listTools();
    const tool = tools.find((t) => t.name === "k8s_scale");
    expect(tool?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
  });

  it("scales a Deployment up and down and the rollout completes each time", async () => {
    harness.emulator.seed([deployment("scale-web", { replicas: 2 })]);
    const ref = { namespace, kind: "Deployment", name: "scale-web" };
    await rolledOut(harness, ref);

    const up = await harness.ok<ScaleData>("k8s_scale", { ...ref, replicas: 4 });
    expect(up).toMatchObject({ dryRun: false, changed: true, previousReplicas: 2, replicas: 4 });
    expect(changedLines(up)).toEqual(["-replicas: 2", "+replicas: 4"]);
    expect(up.objects[0]?.key).toBe(`Deployment/${namespace}/scale-web`);
    expect(storedOrFail(harness.emulator, "Deployment", "scale-web").spec).toMatchObject({ replicas: 4 });
    const afterUp = await rolledOut(harness, ref);
    expect(afterUp.replicas).toMatchObject({ desired: 4, updated: 4, available: 4 });
    expect(afterUp.message).toBe('deployment "scale-web" successfully rolled out');

    const down = await harness.ok<ScaleData>("k8s_scale", { ...ref, kind: "deploy", replicas: 1 });
    expect(down).toMatchObject({ previousReplicas: 4, replicas: 1 });
    const afterDown = await rolledOut(harness, ref);
    expect(afterDown.replicas).toMatchObject({ desired: 1, current: 1, available: 1 });
  });

  it("scales to zero", async () => {
    harness.emulator.seed([deployment("scale-zero", { replicas: 1 })]);
    const ref = { namespace, kind: "Deployment", name: "scale-zero" };
    const result = await harness.ok<ScaleData>("k8s_scale", { ...ref, replicas: 0 });
    expect(result).toMatchObject({ changed: true, previousReplicas: 1, replicas: 0 });
    expect(storedOrFail(harness.emulator, "Deployment", "scale-zero").spec).toMatchObject({ replicas: 0 });
    expect((await rolledOut(harness, ref)).replicas).toMatchObject({ desired: 0, current: 0 });
  });

  it("reports no change when the count is already right (idempotent)", async () => {
    harness.emulator.seed([deployment("scale-same", { replicas: 3 })]);
    await rolledOut(harness, { namespace, kind: "Deployment", name: "scale-same" });
    await harness.emulator.idle();
    const result = await harness.ok<ScaleData>("k8s_scale", {
      namespace,
      kind: "Deployment",
      name: "scale-same",
      replicas: 3,
    });
    expect(result).toMatchObject({ changed: false, previousReplicas: 3, replicas: 3 });
    expect(result.objects[0]?.diff).toBe("");
  });

  it("scales a StatefulSet (alias sts) and a ReplicaSet (alias rs)", async () => {
    harness.emulator.seed([
      statefulSet("scale-db", { replicas: 1 }),
      replicaSet("scale-rs", { replicas: 1 }),
    ]);
    const sts = await harness.ok<ScaleData>("k8s_scale", {
      namespace,
      kind: "sts",
      name: "scale-db",
      replicas: 3,
    });
    expect(sts).toMatchObject({ previousReplicas: 1, replicas: 3 });
    expect(sts.objects[0]?.key).toBe(`StatefulSet/${namespace}/scale-db`);
    expect(storedOrFail(harness.emulator, "StatefulSet", "scale-db").spec).toMatchObject({ replicas: 3 });
    await rolledOut(harness, { namespace, kind: "StatefulSet", name: "scale-db" });

    const rs = await harness.ok<ScaleData>("k8s_scale", {
      namespace,
      kind: "rs",
      name: "scale-rs",
      replicas: 2,
    });
    expect(rs).toMatchObject({ previousReplicas: 1, replicas: 2 });
    expect(storedOrFail(harness.emulator, "ReplicaSet", "scale-rs").spec).toMatchObject({ replicas: 2 });
  });

  it("with dryRun changes nothing and returns the diff of spec.replicas", async () => {
    harness.emulator.seed([deployment("scale-dry", { replicas: 2 })]);
    const ref = { namespace, kind: "Deployment", name: "scale-dry" };
    await rolledOut(harness, ref);
    await harness.emulator.idle();
    const before = stored(harness.emulator, "Deployment", "scale-dry");

    const result = await harness.ok<ScaleData>("k8s_scale", { ...ref, replicas: 5, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, changed: true, previousReplicas: 2, replicas: 5 });
    expect(changedLines(result)).toEqual(["-replicas: 2", "+replicas: 5"]);
    expect(stored(harness.emulator, "Deployment", "scale-dry")).toEqual(before);
  });

  it("refuses DaemonSets with a sentence that says why", async () => {
    harness.emulator.seed([daemonSet("scale-agent")]);
    const text = await harness.fail("k8s_scale", {
      namespace,
      kind: "DaemonSet",
      name: "scale-agent",
      replicas: 2,
    });
    expect(text).toMatch(/DaemonSets cannot be scaled: they run one pod on every eligible node/);
  });

  it("names the missing workload and namespace", async () => {
    const text = await harness.fail("k8s_scale", {
      namespace,
      kind: "Deployment",
      name: "nope",
      replicas: 2,
    });
    expect(text).toMatch(/Cannot read Deployment "nope" in namespace "shop": it does not exist/);
  });

  it.each([
    [{ replicas: -1 }, /replicas/],
    [{ replicas: 1001 }, /replicas/],
    [{ replicas: 1.5 }, /replicas/],
    [{ replicas: "3" }, /replicas/],
    [{ kind: "Secret" }, /kind "Secret" is not supported by this tool/],
    [{ name: "web;rm -rf" }, /name/],
    [{ name: "../secrets/x" }, /name/],
    [{ namespace: "Shop Space" }, /namespace/],
  ])("rejects bad arguments %o", async (override, pattern) => {
    const args = { namespace, kind: "Deployment", name: "scale-web", replicas: 2, ...override };
    expect(await harness.fail("k8s_scale", args)).toMatch(pattern);
  });
});

describe("k8s_scale under a namespace policy", () => {
  let restricted: McpHarness;

  beforeAll(async () => {
    restricted = await startMcpHarness({
      reuseEmulator: harness.emulator,
      policy: { allowNamespaces: ["team-*"] },
    });
  });

  afterAll(async () => {
    await restricted?.close();
  });

  it("refuses a namespace outside the allowed ones and changes nothing", async () => {
    harness.emulator.seed([deployment("scale-policy", { replicas: 2 })]);
    const before = stored(harness.emulator, "Deployment", "scale-policy");
    const text = await restricted.fail("k8s_scale", {
      namespace,
      kind: "Deployment",
      name: "scale-policy",
      replicas: 9,
    });
    expect(text).toMatch(/k8s_scale refused: Namespace "shop" is not in the allowed namespaces \(team-\*\)/);
    expect(stored(harness.emulator, "Deployment", "scale-policy")?.spec).toEqual(before?.spec);
  });
});
