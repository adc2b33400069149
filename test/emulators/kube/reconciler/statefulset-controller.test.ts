import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../types.ts";
import { type Harness, imageOf, startHarness } from "./test-harness.ts";

let h: Harness;
afterEach(() => h?.stop());

function statefulSet(replicas: number, image = "postgres:16"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", namespace: "shop" },
    spec: {
      replicas,
      serviceName: "db",
      selector: { matchLabels: { app: "db" } },
      template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "pg", image }] } },
    },
  };
}

type StsStatus = Record<string, unknown> & { currentRevision?: string; updateRevision?: string };

/** kubectl's StatefulSetStatusViewer for the RollingUpdate strategy without a partition. */
function rolledOut(sts: KubeObject | undefined): boolean {
  if (!sts) return false;
  const status = (sts.status ?? {}) as StsStatus;
  const replicas = (sts.spec as { replicas: number }).replicas;
  if (!status.observedGeneration || (sts.metadata.generation ?? 0) > Number(status.observedGeneration))
    return false;
  if (Number(status.readyReplicas ?? 0) < replicas) return false;
  return status.updateRevision === status.currentRevision;
}

describe("statefulset controller", () => {
  it("creates ordinal pods and reports a finished rollout", async () => {
    h = startHarness();
    h.create(statefulSet(3));
    const sts = await h.waitFor("db rolled out", () => {
      const current = h.get("StatefulSet", "db");
      return rolledOut(current) ? current : undefined;
    });
    const status = sts.status as StsStatus;
    expect(status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
    });
    expect(status.updateRevision).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const pods = h.list("Pod");
    expect(pods.map((p) => p.metadata.name)).toEqual(["db-0", "db-1", "db-2"]);
    expect(pods[1]?.metadata.labels).toMatchObject({
      app: "db",
      "controller-revision-hash": status.updateRevision,
      "statefulset.kubernetes.io/pod-name": "db-1",
      "apps.kubernetes.io/pod-index": "1",
    });
    expect(pods[1]?.spec).toMatchObject({ hostname: "db-1", subdomain: "db" });
    expect(h.list("ControllerRevision").map((r) => [r.metadata.name, r.revision])).toEqual([
      [status.updateRevision, 1],
    ]);
  });

  it("replaces pods on a template change and moves currentRevision once all are ready", async () => {
    h = startHarness();
    h.create(statefulSet(2));
    const first = await h.waitFor("first rollout", () => {
      const current = h.get("StatefulSet", "db");
      return rolledOut(current) ? (current?.status as StsStatus | undefined)?.updateRevision : undefined;
    });
    h.change("StatefulSet", "db", (sts) => {
      const spec = sts.spec as { template: { spec: { containers: { image: string }[] } } };
      const [container] = spec.template.spec.containers;
      if (container) container.image = "postgres:17";
    });
    const second = await h.waitFor("second rollout", () => {
      const current = h.get("StatefulSet", "db");
      const revision = (current?.status as StsStatus | undefined)?.updateRevision;
      return rolledOut(current) && revision !== first ? revision : undefined;
    });
    expect(h.list("Pod").map(imageOf)).toEqual(["postgres:17", "postgres:17"]);
    const revisions = h.list("ControllerRevision").map((r) => [r.metadata.name, r.revision]);
    expect(revisions.sort()).toEqual(
      [
        [first, 1],
        [second, 2],
      ].sort(),
    );
  });

  it("never finishes a rollout with a broken image, and scales down from the highest ordinal", async () => {
    h = startHarness();
    h.create(statefulSet(3));
    await h.waitFor("rolled out", () => rolledOut(h.get("StatefulSet", "db")));
    h.change("StatefulSet", "db", (sts) => {
      (sts.spec as { replicas: number }).replicas = 1;
    });
    await h.waitFor(
      "one pod",
      () =>
        h.list("Pod").length === 1 &&
        (h.get("StatefulSet", "db")?.status as StsStatus | undefined)?.replicas === 1,
    );
    expect(h.list("Pod").map((p) => p.metadata.name)).toEqual(["db-0"]);
    h.change("StatefulSet", "db", (sts) => {
      const spec = sts.spec as { template: { spec: { containers: { image: string }[] } } };
      const [container] = spec.template.spec.containers;
      if (container) container.image = "postgres:does-not-exist";
    });
    await h.waitFor("new pod failing", () =>
      h
        .list("Event")
        .some((e) => e.reason === "BackOff" && (e.involvedObject as { name: string }).name === "db-0"),
    );
    await h.reconciler.idle();
    const sts = h.get("StatefulSet", "db");
    expect(rolledOut(sts)).toBe(false);
    expect((sts?.status as StsStatus | undefined)?.currentRevision).not.toBe(
      (sts?.status as StsStatus | undefined)?.updateRevision,
    );
  });
});
