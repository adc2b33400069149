import { afterEach, describe, expect, it, vi } from "vitest";
import { deploymentManifest, type Harness, kubectlRolloutStatus, startHarness } from "./test-harness.ts";

let h: Harness | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
  vi.useRealTimers();
});

describe("startReconciler", () => {
  it("idles without waiting for readiness timers, and stop() clears them", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    h = startHarness({ readyDelayMs: 1000 });
    h.create(deploymentManifest("web", { replicas: 2 }));
    await h.reconciler.idle();
    const pods = h.list("Pod");
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(pod.status).toMatchObject({ phase: "Pending" });
    // Two readiness timers, and the Deployment's progress-deadline check.
    expect(vi.getTimerCount()).toBe(3);

    vi.advanceTimersByTime(1000);
    await h.reconciler.idle();
    expect(kubectlRolloutStatus(h.get("Deployment", "web") ?? deploymentManifest("missing")).done).toBe(true);

    h.change("Deployment", "web", (d) => {
      (d.spec as { replicas: number }).replicas = 4;
    });
    await h.reconciler.idle();
    expect(vi.getTimerCount()).toBe(2); // the new pods' readiness; a finished rollout needs no deadline
    h.reconciler.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("settles: a write that needs no reaction causes no further writes", async () => {
    h = startHarness();
    h.create(deploymentManifest("web", { replicas: 2 }));
    const harness = h;
    await h.waitFor("rolled out", () => {
      const d = harness.get("Deployment", "web");
      return (
        d && kubectlRolloutStatus(d).done && (d.status as { readyReplicas?: number }).readyReplicas === 2
      );
    });
    await h.reconciler.idle();
    const before = Number(h.store.currentResourceVersion());
    h.change("Deployment", "web", (d) => {
      d.metadata.labels = { ...d.metadata.labels, team: "shop" };
    });
    await h.reconciler.idle();
    expect(Number(h.store.currentResourceVersion())).toBe(before + 1);
  });

  it("reconciles objects that were in the store before it started", async () => {
    const first = startHarness();
    first.stop();
    first.create(deploymentManifest("seeded", { replicas: 1 }));
    await first.reconciler.idle();
    expect(first.list("ReplicaSet")).toEqual([]);

    const { startReconciler } = await import("./index.ts");
    const reconciler = startReconciler(first.store, { readyDelayMs: 10, brokenImagePattern: /broken/ });
    try {
      await first.waitFor("seeded rolled out", () => {
        const d = first.get("Deployment", "seeded");
        return (
          d && kubectlRolloutStatus(d).done && (d.status as { readyReplicas?: number }).readyReplicas === 1
        );
      });
    } finally {
      reconciler.stop();
    }
  });
});
