// argo_set_image and argo_undo: a new image starts a canary through the Rollout's steps; undo puts
// an earlier revision's template back (JSON patch) and the controller makes it the next revision.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { changedLines, type MutationData } from "../kubernetes/object-fixtures.ts";
import {
  namespace,
  namespaceObject,
  pausedCanary,
  rolloutObject,
  rolloutStatus,
  storedRollout,
  waitForRollout,
} from "./rollout-fixtures.ts";

type Result = MutationData & { patches: Array<{ target: string; type: string; patch: unknown }> };

let harness: McpHarness;

beforeAll(async () => {
  harness = await startMcpHarness({ emulator: { readyDelayMs: 10, seed: [namespaceObject()] } });
});

afterAll(async () => {
  await harness?.close();
});

const imageOf = (name: string) =>
  (
    storedRollout(harness.emulator, name).spec as {
      template: { spec: { containers: Array<{ image: string }> } };
    }
  ).template.spec.containers[0]?.image;

describe("argo_set_image", () => {
  it("dry-runs the update, then starts a canary of the new image", async () => {
    harness.emulator.seed([rolloutObject("shop-web")]);
    const healthy = await waitForRollout(harness.emulator, "shop-web", (s) => s.phase === "Healthy");
    const dry = await harness.ok<Result & { previousImage: string }>("argo_set_image", {
      namespace,
      name: "shop-web",
      image: "nginx:1.28",
      dryRun: true,
    });
    expect(dry).toMatchObject({ dryRun: true, changed: true, container: "app", previousImage: "nginx:1.25" });
    expect(changedLines(dry.objects[0]?.diff ?? "")).toEqual([
      "-          image: nginx:1.25",
      "+          image: nginx:1.28",
    ]);
    expect(imageOf("shop-web")).toBe("nginx:1.25");

    await harness.ok("argo_set_image", {
      namespace,
      name: "shop-web",
      container: "app",
      image: "nginx:1.28",
    });
    const canary = await waitForRollout(harness.emulator, "shop-web", (s) => s.phase === "Paused");
    expect(canary.currentPodHash).not.toBe(healthy.stableRS);
    const same = await harness.ok<Result>("argo_set_image", {
      namespace,
      name: "shop-web",
      image: "nginx:1.28",
    });
    expect(same.changed).toBe(false);
  });

  it("names the containers when the one asked for does not exist", async () => {
    harness.emulator.seed([rolloutObject("named", { replicas: 1 })]);
    const text = await harness.fail("argo_set_image", {
      namespace,
      name: "named",
      container: "sidecar",
      image: "nginx:1.28",
    });
    expect(text).toBe(
      'Rollout "named" in namespace "shop" has no container named "sidecar". Its containers are: app. Pass one of them as "container".',
    );
  });
});

describe("argo_undo", () => {
  it("puts the previous revision's template back with a JSON patch; back to stable at once", async () => {
    const { stable } = await pausedCanary(harness.emulator, "undone");
    const dry = await harness.ok<Result & { toRevision: number; fromRevision: number }>("argo_undo", {
      namespace,
      name: "undone",
      dryRun: true,
    });
    expect(dry).toMatchObject({ dryRun: true, changed: true, fromRevision: 2, toRevision: 1 });
    // The template of revision 1's ReplicaSet (with the pod defaults the API server gave it).
    expect(dry.patches).toMatchObject([
      {
        target: "rollout",
        type: "json",
        patch: [
          {
            op: "replace",
            path: "/spec/template",
            value: {
              metadata: { labels: { app: "undone" } },
              spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
            },
          },
        ],
      },
    ]);
    const ops = (dry.patches[0]?.patch ?? []) as Array<{
      value: { metadata: { labels: Record<string, string> } };
    }>;
    const restored = ops[0];
    expect(restored?.value.metadata.labels).toEqual({ app: "undone" }); // no rollouts-pod-template-hash
    expect(imageOf("undone")).toBe("nginx:1.27");

    await harness.ok("argo_undo", { namespace, name: "undone" });
    const done = await waitForRollout(
      harness.emulator,
      "undone",
      (s) => s.phase === "Healthy" && s.currentPodHash === stable,
    );
    expect(done.stableRS).toBe(stable);
    const history = await harness.ok<{ currentRevision: number }>("argo_history", {
      namespace,
      name: "undone",
    });
    expect(history.currentRevision).toBe(3);
  });

  it("changes nothing when the template already matches, and lists revisions for an unknown one", async () => {
    await pausedCanary(harness.emulator, "twice");
    const same = await harness.ok<Result>("argo_undo", { namespace, name: "twice", toRevision: 2 });
    expect(same).toMatchObject({ changed: false, patches: [] });
    const text = await harness.fail("argo_undo", { namespace, name: "twice", toRevision: 7 });
    expect(text).toBe(
      'Rollout "twice" in namespace "shop" has no revision 7 in its history. Its revisions are: 2, 1. Pick one of them as toRevision (argo_history lists them).',
    );
    expect(rolloutStatus(harness.emulator, "twice").phase).toBe("Paused");
  });
});
