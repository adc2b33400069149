// k8s_rollout_undo against the emulator: back to the previous or a named revision with a new revision
// number, skipped when nothing would change, clear errors for missing revisions, dry runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  changedLines,
  deploymentWithRevisions,
  type MutationData,
  namespace,
  namespaceObject,
  rolledOut,
  stored,
  storedOrFail,
  storedTemplate,
  type WorkloadArgs,
} from "./workload-fixtures.ts";

interface UndoData extends MutationData {
  fromRevision?: number;
  toRevision: number;
  images: Array<{ container: string; image: string }>;
}

interface HistoryData {
  currentRevision?: number;
  revisions: Array<{ revision: number; current: boolean; images: Array<{ image: string }> }>;
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 20, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

function image(name: string): string | undefined {
  return storedTemplate(harness.emulator, "Deployment", name).spec.containers[0]?.image;
}

/** A Deployment with revisions 1..n, images nginx:1.25, nginx:1.26, …, fully rolled out. */
function withRevisions(name: string, count: number): Promise<WorkloadArgs> {
  const images = Array.from({ length: count - 1 }, (_, i) => `nginx:1.${26 + i}`);
  return deploymentWithRevisions(harness, name, ["nginx:1.25", ...images], { replicas: 2 });
}

describe("k8s_rollout_undo", () => {
  it("is listed as mutating and not idempotent", async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === "k8s_rollout_undo")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
  });

  it("goes back to the previous revision's image as a new revision", async () => {
    const ref = await withRevisions("undo-web", 2);
    expect(image("undo-web")).toBe("nginx:1.26");

    const result = await harness.ok<UndoData>("k8s_rollout_undo", ref);
    expect(result).toMatchObject({ dryRun: false, changed: true, fromRevision: 2, toRevision: 1 });
    expect(result.images).toEqual([{ container: "app", image: "nginx:1.25", init: false }]);
    expect(changedLines(result)).toEqual(
      expect.arrayContaining(["-image: nginx:1.26", "+image: nginx:1.25"]),
    );
    expect(image("undo-web")).toBe("nginx:1.25");
    const labels = storedTemplate(harness.emulator, "Deployment", "undo-web").metadata?.labels;
    expect(labels).toEqual({ app: "undo-web" }); // no pod-template-hash copied back

    const done = await rolledOut(harness, ref);
    expect(done.replicas).toMatchObject({ desired: 2, updated: 2, available: 2 });
    const history = await harness.ok<HistoryData>("k8s_rollout_history", ref);
    // Revision 1's ReplicaSet is reused and renumbered 3, as the Deployment controller does.
    expect(history.currentRevision).toBe(3);
    expect(history.revisions.map((r) => r.revision)).toEqual([3, 2]);
    expect(history.revisions[0]?.images).toEqual([expect.objectContaining({ image: "nginx:1.25" })]);
  });

  it("goes back to a named revision", async () => {
    const ref = await withRevisions("undo-to", 3);
    const result = await harness.ok<UndoData>("k8s_rollout_undo", { ...ref, toRevision: 1 });
    expect(result).toMatchObject({ fromRevision: 3, toRevision: 1 });
    expect(image("undo-to")).toBe("nginx:1.25");
    await rolledOut(harness, ref);
    expect((await harness.ok<HistoryData>("k8s_rollout_history", ref)).currentRevision).toBe(4);
  });

  it("fails clearly for a revision that does not exist, listing the existing ones", async () => {
    const ref = await withRevisions("undo-missing", 2);
    const text = await harness.fail("k8s_rollout_undo", { ...ref, toRevision: 7 });
    expect(text).toContain(
      'Unable to find revision 7 in the history of Deployment "undo-missing" in namespace "shop" (existing revisions: 1, 2).',
    );
    expect(image("undo-missing")).toBe("nginx:1.26");
  });

  it("skips when the current template already matches the revision", async () => {
    const ref = await withRevisions("undo-same", 2);
    const text = await harness.fail("k8s_rollout_undo", { ...ref, toRevision: 2 });
    expect(text).toContain("skipped rollback: current template already matches revision 2");
  });

  it("fails clearly when there is nothing to go back to", async () => {
    const ref = await withRevisions("undo-fresh", 1);
    expect(await harness.fail("k8s_rollout_undo", ref)).toContain(
      'No rollout history to go back to for Deployment "undo-fresh" in namespace "shop" (existing revisions: 1).',
    );
  });

  it("with dryRun changes nothing and returns the diff of the template", async () => {
    const ref = await withRevisions("undo-dry", 2);
    await harness.emulator.idle();
    const before = stored(harness.emulator, "Deployment", "undo-dry");

    const result = await harness.ok<UndoData>("k8s_rollout_undo", { ...ref, dryRun: true });
    expect(result).toMatchObject({ dryRun: true, changed: true, toRevision: 1 });
    expect(changedLines(result)).toEqual(
      expect.arrayContaining(["-image: nginx:1.26", "+image: nginx:1.25"]),
    );
    expect(stored(harness.emulator, "Deployment", "undo-dry")).toEqual(before);
  });

  it("refuses a paused Deployment", async () => {
    const ref = await withRevisions("undo-paused", 2);
    await harness.emulator.idle();
    const live = storedOrFail(harness.emulator, "Deployment", "undo-paused");
    const type = harness.emulator.store.registry.byKind("apps/v1", "Deployment");
    if (!type) throw new Error("no Deployment type");
    harness.emulator.store.update(type, { ...live, spec: { ...(live.spec as object), paused: true } });
    expect(await harness.fail("k8s_rollout_undo", ref)).toContain(
      'Cannot roll back deployment "undo-paused" in namespace "shop": it is paused.',
    );
  });

  it.each([
    [{ kind: "StatefulSet" }, /k8s_rollout_undo supports Deployments only/],
    [{ kind: "ds" }, /k8s_rollout_undo supports Deployments only/],
    [{ kind: "Secret" }, /kind "Secret" is not supported/],
    [{ toRevision: 0 }, /toRevision/],
    [{ toRevision: -2 }, /toRevision/],
    [{ toRevision: "1; drop" }, /toRevision/],
    [{ name: "a b" }, /name/],
  ])("rejects bad arguments %o", async (override, pattern) => {
    expect(
      await harness.fail("k8s_rollout_undo", {
        namespace,
        kind: "Deployment",
        name: "undo-web",
        ...override,
      }),
    ).toMatch(pattern);
  });

  it("is refused in a denied namespace", async () => {
    const restricted = await startMcpHarness({
      reuseEmulator: harness.emulator,
      policy: { denyNamespaces: ["sh*"] },
    });
    try {
      expect(
        await restricted.fail("k8s_rollout_undo", { namespace, kind: "Deployment", name: "undo-web" }),
      ).toBe('k8s_rollout_undo refused: Namespace "shop" is denied by policy.');
    } finally {
      await restricted.close();
    }
  });
});
