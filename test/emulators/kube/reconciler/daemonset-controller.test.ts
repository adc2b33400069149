import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../types.ts";
import { type Harness, imageOf, startHarness } from "./test-harness.ts";

let h: Harness;
afterEach(() => h?.stop());

function daemonSet(image = "fluent-bit:3"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "logs", namespace: "shop" },
    spec: {
      selector: { matchLabels: { app: "logs" } },
      template: { metadata: { labels: { app: "logs" } }, spec: { containers: [{ name: "agent", image }] } },
    },
  };
}

/** kubectl's DaemonSetStatusViewer. */
function rolledOut(ds: KubeObject | undefined): boolean {
  const status = (ds?.status ?? {}) as Record<string, number>;
  if (!ds || (ds.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) return false;
  if ((status.updatedNumberScheduled ?? 0) < (status.desiredNumberScheduled ?? 0)) return false;
  return (status.numberAvailable ?? 0) >= (status.desiredNumberScheduled ?? 0);
}

describe("daemonset controller", () => {
  it("runs one pod on the node and reports the rollout done", async () => {
    h = startHarness();
    h.create(daemonSet());
    const ds = await h.waitFor("rolled out", () => {
      const current = h.get("DaemonSet", "logs");
      return rolledOut(current) ? current : undefined;
    });
    expect(ds.status).toEqual({
      currentNumberScheduled: 1,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      observedGeneration: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
    });
    const [pod, ...others] = h.list("Pod");
    expect(others).toEqual([]);
    expect(pod?.metadata.name).toMatch(/^logs-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod?.metadata.labels).toMatchObject({ app: "logs", "pod-template-generation": "1" });
  });

  it("replaces the pod on a template change, and reports a broken one unavailable", async () => {
    h = startHarness();
    h.create(daemonSet());
    await h.waitFor("rolled out", () => rolledOut(h.get("DaemonSet", "logs")));
    h.change("DaemonSet", "logs", (ds) => {
      const spec = ds.spec as { template: { spec: { containers: { image: string }[] } } };
      const [container] = spec.template.spec.containers;
      if (container) container.image = "fluent-bit:broken";
    });
    await h.waitFor("broken pod reported", () => {
      const status = (h.get("DaemonSet", "logs")?.status ?? {}) as Record<string, number>;
      return (
        status.observedGeneration === 2 &&
        status.updatedNumberScheduled === 1 &&
        status.numberUnavailable === 1
      );
    });
    await h.reconciler.idle();
    expect(h.list("Pod").map(imageOf)).toEqual(["fluent-bit:broken"]);
    expect(rolledOut(h.get("DaemonSet", "logs"))).toBe(false);
  });
});
