// Dry-run previews against the Kubernetes emulator: each mutating step's diff as the API server
// computes it, nothing changed in the cluster, failures shown in the preview instead of thrown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Plan, parsePlan } from "../../../app/plan/index.ts";
import { planWithRules } from "../../../app/planner/rules/index.ts";
import { previewPlan } from "../../../app/preview/index.ts";
import type { ToolCaller } from "../../../app/tool-caller.ts";
import {
  type ClusterFixture,
  startClusterFixture,
  storedSpec,
  workload,
} from "../planner/rules/cluster-fixture.ts";

let cluster: ClusterFixture;

beforeAll(async () => {
  cluster = await startClusterFixture([
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
    workload("Deployment", "web", "shop", { replicas: 3 }),
  ]);
  await cluster.emulator.idle();
});

afterAll(async () => {
  await cluster?.close();
});

async function planFor(text: string, files: Record<string, string> = {}): Promise<Plan> {
  const outcome = await planWithRules(
    { text, by: "alice", url: "https://github.com/acme/shop/issues/42", issueNumber: 42 },
    {
      tools: cluster.planning,
      readRepoFile: async (path) => files[path],
      now: () => new Date("2026-11-25T10:00:00Z"),
    },
  );
  if (!outcome.ok) throw new Error(outcome.reply);
  return outcome.plan;
}

/** A plan built by hand (still validated), for steps the rules planner would never write. */
function handPlan(steps: Array<{ id: string; tool: string; args: Record<string, unknown> }>): Plan {
  const result = parsePlan({
    apiVersion: "skyflo/v1",
    kind: "Plan",
    metadata: {
      id: "42-hand",
      request: { text: "by hand", by: "alice", url: "https://example.com/42" },
      planner: "rules",
      createdAt: "2026-11-25T10:00:00Z",
    },
    steps: steps.map((s) => ({ ...s, reason: "Test step." })),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

function recording(
  tools: ToolCaller,
  calls: Array<{ tool: string; args: Record<string, unknown> }>,
): ToolCaller {
  return {
    call(tool, args) {
      calls.push({ tool, args });
      return tools.call(tool, args);
    },
  };
}

function diffLines(diff: string): string[] {
  return diff.split("\n").filter((line) => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
}

describe("previewPlan", () => {
  it("dry-runs a scale and shows the replica change, changing nothing", async () => {
    const plan = await planFor("scale web to 5 in shop");
    const calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
    const previews = await previewPlan(plan, recording(cluster.preview, calls), cluster.isMutatingTool);
    expect(calls).toEqual([
      {
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5, dryRun: true },
      },
    ]);
    expect(previews).toHaveLength(1);
    const [preview] = previews;
    expect(preview).toMatchObject({
      stepId: "scale-web",
      tool: "k8s_scale",
      mutating: true,
      changed: true,
      summary: "Dry run: would scale deployment shop/web from 3 to 5 replicas.",
    });
    expect(preview?.error).toBeUndefined();
    expect(preview?.objects).toHaveLength(1);
    expect(preview?.objects[0]).toMatchObject({ key: "Deployment/shop/web", changed: true });
    expect(preview?.objects[0]?.diff.split("\n")).toEqual(
      expect.arrayContaining(["-  replicas: 3", "+  replicas: 5"]),
    );
    expect(storedSpec(cluster.emulator, "Deployment", "shop", "web")).toMatchObject({ replicas: 3 });
  });

  it("shows the image change of set image", async () => {
    const [preview] = await previewPlan(
      await planFor("set image web=nginx:1.27 in shop"),
      cluster.preview,
      cluster.isMutatingTool,
    );
    expect(diffLines(preview?.objects[0]?.diff ?? "")).toEqual([
      "-          image: nginx:1.25",
      "+          image: nginx:1.27",
    ]);
  });

  it("shows a rollback as the previous revision's template coming back", async () => {
    cluster.emulator.seed([workload("Deployment", "hist", "shop", { replicas: 1 })]);
    await cluster.emulator.idle();
    await cluster.run("k8s_set_image", {
      namespace: "shop",
      kind: "Deployment",
      name: "hist",
      image: "nginx:1.26",
    });
    const [preview] = await previewPlan(
      await planFor("rollback hist in shop"),
      cluster.preview,
      cluster.isMutatingTool,
    );
    expect(preview).toMatchObject({ changed: true, summary: expect.stringContaining("to revision 1") });
    expect(diffLines(preview?.objects[0]?.diff ?? "")).toEqual(
      expect.arrayContaining(["-          image: nginx:1.26", "+          image: nginx:1.25"]),
    );
    expect(storedSpec(cluster.emulator, "Deployment", "shop", "hist")).toMatchObject({
      template: { spec: { containers: [{ image: "nginx:1.26" }] } },
    });
  });

  it("shows a restart as the restartedAt annotation on the pod template", async () => {
    const [preview] = await previewPlan(
      await planFor("restart web in shop"),
      cluster.preview,
      cluster.isMutatingTool,
    );
    expect(preview?.changed).toBe(true);
    expect(diffLines(preview?.objects[0]?.diff ?? "").join("\n")).toContain(
      "kubectl.kubernetes.io/restartedAt:",
    );
  });

  it("shows a deletion as the whole object going, and the object stays", async () => {
    const [preview] = await previewPlan(
      await planFor("delete deploy/web in shop"),
      cluster.preview,
      cluster.isMutatingTool,
    );
    expect(preview).toMatchObject({ changed: true, summary: expect.stringContaining("would be deleted") });
    const lines = diffLines(preview?.objects[0]?.diff ?? "");
    expect(lines).toContain("-kind: Deployment");
    expect(lines.every((line) => line.startsWith("-"))).toBe(true);
    expect(storedSpec(cluster.emulator, "Deployment", "shop", "web")).toBeDefined();
  });

  it("shows new objects of an apply as additions", async () => {
    const manifest =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {mode: fast}\n";
    const plan = await planFor("apply k8s/settings.yaml", { "k8s/settings.yaml": manifest });
    const [preview] = await previewPlan(plan, cluster.preview, cluster.isMutatingTool);
    expect(preview?.objects).toEqual([
      { key: "ConfigMap/shop/settings", changed: true, diff: expect.any(String) },
    ]);
    expect(diffLines(preview?.objects[0]?.diff ?? "")).toEqual(
      expect.arrayContaining(["+kind: ConfigMap", "+  mode: fast"]),
    );
  });

  it("reports a failing dry run in the preview and still previews the steps after it", async () => {
    const plan = handPlan([
      {
        id: "scale-gone",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "gone", replicas: 2 },
      },
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 4 },
      },
    ]);
    const previews = await previewPlan(plan, cluster.preview, cluster.isMutatingTool);
    expect(previews[0]).toEqual({
      stepId: "scale-gone",
      tool: "k8s_scale",
      mutating: true,
      changed: false,
      objects: [],
      summary: "The dry run of k8s_scale failed.",
      error: expect.stringContaining('Cannot read Deployment "gone" in namespace "shop": it does not exist.'),
    });
    expect(previews[1]).toMatchObject({ stepId: "scale-web", changed: true });
  });

  it("does not call read-only steps and marks them as not mutating", async () => {
    const plan = handPlan([
      { id: "read-web", tool: "k8s_get", args: { kind: "Deployment", name: "web", namespace: "shop" } },
    ]);
    const calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
    const previews = await previewPlan(plan, recording(cluster.preview, calls), cluster.isMutatingTool);
    expect(calls).toEqual([]);
    expect(previews).toEqual([
      {
        stepId: "read-web",
        tool: "k8s_get",
        mutating: false,
        changed: false,
        objects: [],
        summary: "Reads only; nothing changes.",
      },
    ]);
  });

  it("reports a step whose dry run reports no change as unchanged", async () => {
    const plan = handPlan([
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 3 },
      },
    ]);
    const [preview] = await previewPlan(plan, cluster.preview, cluster.isMutatingTool);
    expect(preview).toMatchObject({ changed: false, summary: expect.stringContaining("nothing to change") });
    expect(preview?.objects[0]).toMatchObject({ changed: false, diff: "" });
  });

  it("turns a tool caller that throws into an error in the preview", async () => {
    const plan = await planFor("scale web to 5 in shop");
    const throwing: ToolCaller = {
      call: async () => {
        throw new Error("MCP connection closed");
      },
    };
    const [preview] = await previewPlan(plan, throwing, () => true);
    expect(preview).toMatchObject({ mutating: true, changed: false, error: "MCP connection closed" });
  });
});
