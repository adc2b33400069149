import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../types.ts";
import { conditionOf, type Harness, startHarness } from "./test-harness.ts";

let h: Harness;
afterEach(() => h?.stop());

function pod(name: string, images: string[], init: string[] = []): KubeObject {
  const spec: Record<string, unknown> = { containers: images.map((image, i) => ({ name: `c${i}`, image })) };
  if (init.length > 0) spec.initContainers = init.map((image, i) => ({ name: `init${i}`, image }));
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "shop" }, spec };
}

type ContainerStatus = {
  name: string;
  ready: boolean;
  started: boolean;
  state: Record<string, Record<string, unknown>>;
};

function containerStatuses(name: string, field = "containerStatuses"): ContainerStatus[] {
  return ((h.get("Pod", name)?.status as Record<string, unknown> | undefined)?.[field] ??
    []) as ContainerStatus[];
}

function eventsFor(name: string): string[] {
  return h
    .list("Event")
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => `${e.reason}: ${e.message}`);
}

describe("pod lifecycle", () => {
  it("binds a bare pod to the node, runs it and makes it Ready with realistic status and events", async () => {
    h = startHarness({ readyDelayMs: 30 });
    h.create(pod("solo", ["nginx:1.27"]));
    const creating = await h.waitFor(
      "containers creating",
      () => containerStatuses("solo")[0]?.state.waiting,
    );
    expect(creating).toEqual({ reason: "ContainerCreating" });
    expect(h.get("Pod", "solo")?.spec).toMatchObject({ nodeName: "emulator-node" });

    const running = await h.waitFor("Running", () => {
      const current = h.get("Pod", "solo");
      return (current?.status as { phase?: string } | undefined)?.phase === "Running" ? current : undefined;
    });
    expect(running.status).toMatchObject({
      phase: "Running",
      hostIP: "172.18.0.2",
      podIP: expect.stringMatching(/^10\.244\.\d+\.\d+$/),
      startTime: expect.any(String),
      containerStatuses: [
        {
          name: "c0",
          image: "nginx:1.27",
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: expect.any(String) } },
          containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
        },
      ],
    });
    for (const type of [
      "Ready",
      "ContainersReady",
      "Initialized",
      "PodScheduled",
      "PodReadyToStartContainers",
    ]) {
      expect(conditionOf(running, type)).toMatchObject({ status: "True" });
    }
    expect(eventsFor("solo")).toEqual([
      "Scheduled: Successfully assigned shop/solo to emulator-node",
      'Pulling: Pulling image "nginx:1.27"',
      'Pulled: Successfully pulled image "nginx:1.27" in 30ms',
      "Created: Created container: c0",
      "Started: Started container c0",
    ]);
    const started = h.list("Event").find((e) => e.reason === "Started");
    expect(started).toMatchObject({
      type: "Normal",
      source: { component: "kubelet", host: "emulator-node" },
      involvedObject: { kind: "Pod", name: "solo", namespace: "shop", fieldPath: "spec.containers{c0}" },
      count: 1,
    });
  });

  it("never makes a pod with a broken image ready, in any of its containers", async () => {
    h = startHarness({ brokenImagePattern: /does-not-exist/ });
    h.create(pod("mixed", ["nginx:1.27", "ghcr.io/acme/does-not-exist:2"]));
    const statuses = await h.waitFor("pull failure", () => {
      const all = containerStatuses("mixed");
      return all[1]?.state.waiting?.reason === "ImagePullBackOff" ? all : undefined;
    });
    expect(statuses[0]).toMatchObject({ ready: true, state: { running: {} } });
    expect(statuses[1]?.state.waiting?.message).toContain(
      'Back-off pulling image "ghcr.io/acme/does-not-exist:2"',
    );
    const current = h.get("Pod", "mixed");
    expect(current?.status).toMatchObject({ phase: "Pending" });
    expect(conditionOf(current, "Ready")).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [c1]",
    });
    expect(eventsFor("mixed")).toContain(
      'Failed: Failed to pull image "ghcr.io/acme/does-not-exist:2": rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/acme/does-not-exist:2": not found',
    );
    expect(eventsFor("mixed")).toContain('BackOff: Back-off pulling image "ghcr.io/acme/does-not-exist:2"');
  });

  it("runs init containers to completion first, and stops at a broken one", async () => {
    h = startHarness();
    h.create(pod("ok", ["nginx"], ["busybox"]));
    h.create(pod("stuck", ["nginx"], ["busybox:broken"]));
    await h.waitFor(
      "ok running",
      () => (h.get("Pod", "ok")?.status as { phase?: string } | undefined)?.phase === "Running",
    );
    expect(containerStatuses("ok", "initContainerStatuses")[0]?.state.terminated).toMatchObject({
      reason: "Completed",
      exitCode: 0,
    });
    await h.waitFor(
      "stuck failing",
      () =>
        containerStatuses("stuck", "initContainerStatuses")[0]?.state.waiting?.reason === "ImagePullBackOff",
    );
    expect(containerStatuses("stuck")[0]?.state.waiting).toEqual({ reason: "PodInitializing" });
    expect(conditionOf(h.get("Pod", "stuck"), "Initialized")).toMatchObject({ status: "False" });
  });

  it("leaves pods that already carry container statuses alone", async () => {
    h = startHarness();
    const seeded = pod("seeded", ["nginx"]);
    seeded.spec = { ...(seeded.spec as object), nodeName: "other-node" };
    seeded.status = {
      phase: "Running",
      containerStatuses: [{ name: "c0", ready: true, restartCount: 4, state: { running: {} } }],
    };
    const created = h.create(seeded);
    h.create(pod("marker", ["nginx"]));
    await h.waitFor(
      "marker running",
      () => (h.get("Pod", "marker")?.status as { phase?: string } | undefined)?.phase === "Running",
    );
    await h.reconciler.idle();
    expect(h.get("Pod", "seeded")).toEqual(created);
  });
});
