// k8s_pods_ready against the emulator's kubelet: pods turn Ready after readyDelayMs, broken images
// never do, and the count is a floor that "no pods" cannot pass by accident.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deployment,
  eventually,
  intent,
  modify,
  namespace,
  rolledOut,
  shortTimeScale,
  startVerifyCluster,
  type VerifyCluster,
  verifyOne,
} from "../verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster({ readyDelayMs: 30 });
});

afterAll(async () => {
  await cluster?.close();
});

const podsReady = (labelSelector: string, count?: number, timeoutSeconds = 30) =>
  intent(
    "pods",
    "k8s_pods_ready",
    { namespace, labelSelector, ...(count === undefined ? {} : { count }) },
    timeoutSeconds,
  );

function podsOf(app: string) {
  const type = cluster.emulator.store.registry.byKind("v1", "Pod");
  if (!type) throw new Error("no Pod type");
  return cluster.emulator.store.list(type, { namespace, labelSelector: `app=${app}` }).items;
}

describe("k8s_pods_ready", () => {
  it("passes once every matching pod is Ready", async () => {
    cluster.emulator.seed([deployment("web", { replicas: 3 })]);
    const result = await verifyOne(cluster, podsReady("app=web", 3));
    expect(result).toMatchObject({
      check: "k8s_pods_ready",
      status: "passed",
      expected: 'at least 3 pods matching "app=web" in namespace "shop", all Ready',
      observed: "3 of 3 matching pods ready",
    });
  });

  it("waits for the count after a scale, until the new pods are Ready", async () => {
    cluster.emulator.seed([deployment("grow", { replicas: 1 })]);
    await rolledOut(cluster.emulator, "Deployment", "grow", 1);
    const pending = verifyOne(cluster, podsReady("app=grow", 4));
    modify(cluster.emulator, "apps/v1", "Deployment", "grow", (object) => {
      (object.spec as { replicas: number }).replicas = 4;
    });
    await expect(pending).resolves.toMatchObject({
      status: "passed",
      observed: "4 of 4 matching pods ready",
    });
    expect(podsOf("grow")).toHaveLength(4);
  });

  it("times out naming the pods that are not ready and why", async () => {
    cluster.emulator.seed([deployment("bad", { replicas: 2, image: "broken:1" })]);
    await eventually(() => {
      const pods = podsOf("bad");
      const reasons = pods.map(
        (pod) =>
          (pod.status as { containerStatuses?: Array<{ state?: { waiting?: { reason?: string } } }> })
            .containerStatuses?.[0]?.state?.waiting?.reason,
      );
      return pods.length === 2 && reasons.every((r) => r === "ImagePullBackOff") ? true : undefined;
    });
    const result = await verifyOne(cluster, podsReady("app=bad", 2, 1), shortTimeScale);
    expect(result.status).toBe("timed_out");
    expect(result.observed).toMatch(
      /^0 of 2 matching pods ready; not ready: bad-[a-z0-9]+-[a-z0-9]+ \(ImagePullBackOff\), bad-[a-z0-9]+-[a-z0-9]+ \(ImagePullBackOff\)$/,
    );
  });

  it("shortens long lists of pods that are not ready", async () => {
    cluster.emulator.seed([deployment("many-bad", { replicas: 5, image: "broken:2" })]);
    await eventually(() => (podsOf("many-bad").length === 5 ? true : undefined));
    const result = await verifyOne(cluster, podsReady("app=many-bad", 5, 1), shortTimeScale);
    expect(result.observed).toMatch(/^0 of 5 matching pods ready; not ready: .+, .+, .+ and 2 more$/);
  });

  it("does not pass with no pods unless the count allows it", async () => {
    const none = await verifyOne(cluster, podsReady("app=nothing", undefined, 1), shortTimeScale);
    expect(none).toMatchObject({
      status: "timed_out",
      expected: 'at least 1 pod matching "app=nothing" in namespace "shop", all Ready',
      observed: "0 of 0 matching pods ready",
    });
    const zero = await verifyOne(cluster, podsReady("app=nothing", 0));
    expect(zero).toMatchObject({ status: "passed", observed: "0 of 0 matching pods ready" });
  });

  it("refuses a malformed selector or count with a sentence", async () => {
    const selector = await verifyOne(cluster, podsReady("app = = web"));
    expect(selector.status).toBe("failed");
    expect(selector.observed).toMatch(
      /^The arguments of verify entry "pods" \(k8s_pods_ready\) are not valid: labelSelector: must be a label selector/,
    );
    const count = await verifyOne(cluster, podsReady("app=web", -1));
    expect(count.observed).toMatch(/count: /);
  });
});
