// k8s_rollout_history against the emulator: Deployment revisions from ReplicaSets (newest first,
// change-cause, images, one revision's template, limit), and StatefulSet/DaemonSet history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import {
  daemonSet,
  deploymentWithRevisions,
  namespace,
  namespaceObject,
  rolledOut,
  statefulSet,
  type WorkloadArgs,
} from "./workload-fixtures.ts";

interface HistoryData {
  kind: string;
  currentRevision?: number;
  total: number;
  truncated: boolean;
  revisions: Array<{
    revision: number;
    current: boolean;
    changeCause?: string;
    images: Array<{ container: string; image: string; init: boolean }>;
    created?: string;
    source: string;
    replicas?: number;
  }>;
  template?: {
    metadata?: { labels?: Record<string, string> };
    spec?: { containers?: Array<{ image: string }> };
  };
}

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 20, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

function threeRevisions(name: string): Promise<WorkloadArgs> {
  return deploymentWithRevisions(harness, name, ["nginx:1.25", "nginx:1.26", "nginx:1.27"], {
    annotations: { "kubernetes.io/change-cause": "initial release" },
  });
}

describe("k8s_rollout_history", () => {
  it("is listed as read-only", async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === "k8s_rollout_history")?.annotations).toMatchObject({
      readOnlyHint: true,
    });
  });

  it("lists a Deployment's revisions newest first with images and change-cause", async () => {
    const ref = await threeRevisions("hist-web");
    const history = await harness.ok<HistoryData>("k8s_rollout_history", ref);
    expect(history).toMatchObject({ kind: "Deployment", currentRevision: 3, total: 3, truncated: false });
    expect(history.revisions.map((r) => [r.revision, r.current, r.images[0]?.image])).toEqual([
      [3, true, "nginx:1.27"],
      [2, false, "nginx:1.26"],
      [1, false, "nginx:1.25"],
    ]);
    expect(history.revisions[2]?.changeCause).toBe("initial release");
    expect(history.revisions[0]).toMatchObject({ replicas: 2, source: expect.stringMatching(/^hist-web-/) });
    expect(history.revisions[1]?.replicas).toBe(0);
    expect(Number.isNaN(Date.parse(history.revisions[0]?.created ?? ""))).toBe(false);
  });

  it("returns one revision's pod template and bounds the list", async () => {
    const ref = await threeRevisions("hist-one");
    const one = await harness.ok<HistoryData>("k8s_rollout_history", { ...ref, revision: 1, limit: 2 });
    expect(one.template?.spec?.containers?.[0]?.image).toBe("nginx:1.25");
    expect(one.template?.metadata?.labels?.app).toBe("hist-one");
    expect(one).toMatchObject({ total: 3, truncated: true });
    expect(one.revisions.map((r) => r.revision)).toEqual([3, 2]);

    const missing = await harness.fail("k8s_rollout_history", { ...ref, revision: 9 });
    expect(missing).toContain(
      "Revision 9 of deployment shop/hist-one does not exist (existing revisions: 1, 2, 3).",
    );
  });

  it.each([
    ["StatefulSet", statefulSet("hist-db", { replicas: 1, image: "postgres:16" })],
    ["DaemonSet", daemonSet("hist-agent", { image: "postgres:16" })],
  ])("lists a %s's revisions from its ControllerRevisions", async (kind, object) => {
    harness.emulator.seed([object]);
    const ref = { namespace, kind, name: object.metadata.name ?? "" };
    await rolledOut(harness, ref);
    await harness.ok("k8s_set_image", { ...ref, image: "postgres:17" });
    await rolledOut(harness, ref);

    const history = await harness.ok<HistoryData>("k8s_rollout_history", { ...ref, revision: 1 });
    expect(history).toMatchObject({ kind, currentRevision: 2, total: 2, truncated: false });
    expect(history.revisions.map((r) => [r.revision, r.current, r.images[0]?.image])).toEqual([
      [2, true, "postgres:17"],
      [1, false, "postgres:16"],
    ]);
    expect(history.revisions[0]?.source).toMatch(new RegExp(`^${ref.name}-`));
    expect(history.revisions[0]?.replicas).toBeUndefined();
    expect(history.template?.spec?.containers?.[0]?.image).toBe("postgres:16");
    expect(history.template).not.toHaveProperty("$patch");
  });

  it("names the missing Deployment", async () => {
    expect(await harness.fail("k8s_rollout_history", { namespace, kind: "deploy", name: "ghost" })).toMatch(
      /Cannot read Deployment "ghost" in namespace "shop": it does not exist/,
    );
  });

  it.each([
    [{ kind: "Secret" }, /kind "Secret" is not supported/],
    [{ limit: 0 }, /limit/],
    [{ limit: 101 }, /limit/],
    [{ revision: 0 }, /revision/],
    [{ namespace: "a_b" }, /namespace/],
  ])("rejects bad arguments %o", async (override, pattern) => {
    expect(
      await harness.fail("k8s_rollout_history", { namespace, kind: "Deployment", name: "x", ...override }),
    ).toMatch(pattern);
  });

  it("is refused in a namespace the policy does not allow", async () => {
    const restricted = await startMcpHarness({
      reuseEmulator: harness.emulator,
      policy: { allowNamespaces: ["default"] },
    });
    try {
      expect(
        await restricted.fail("k8s_rollout_history", { namespace, kind: "Deployment", name: "hist-web" }),
      ).toMatch(/refused: Namespace "shop" is not in the allowed namespaces/);
    } finally {
      await restricted.close();
    }
  });
});
