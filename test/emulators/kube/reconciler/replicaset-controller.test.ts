import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../types.ts";
import { type Harness, startHarness } from "./test-harness.ts";

let h: Harness;
afterEach(() => h?.stop());

function replicaSet(name: string, replicas: number, image = "nginx:1.27"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "shop" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: { note: "from template" } },
        spec: { containers: [{ name: "main", image }] },
      },
    },
  };
}

function status(name: string): Record<string, unknown> {
  return (h.get("ReplicaSet", name)?.status ?? {}) as Record<string, unknown>;
}

describe("replicaset controller", () => {
  it("creates pods from the template and reports them ready", async () => {
    h = startHarness();
    const rs = h.create(replicaSet("api", 2));
    await h.waitFor("2 ready", () => status("api").readyReplicas === 2);
    expect(status("api")).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
    for (const pod of h.list("Pod")) {
      expect(pod.metadata.generateName).toBe("api-");
      expect(pod.metadata.annotations).toEqual({ note: "from template" });
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "api",
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    const created = h.list("Event").filter((e) => e.reason === "SuccessfulCreate");
    expect(created).toHaveLength(2);
    expect(created[0]?.involvedObject).toMatchObject({
      kind: "ReplicaSet",
      name: "api",
      uid: rs.metadata.uid,
    });
    expect(created[0]?.source).toEqual({ component: "replicaset-controller" });
  });

  it("deletes not-ready pods first when scaling down", async () => {
    h = startHarness();
    h.create(replicaSet("api", 2));
    await h.waitFor("2 ready", () => status("api").readyReplicas === 2);
    const healthy = h.list("Pod").map((p) => p.metadata.name);
    // A third pod that never becomes ready: the template now has a broken image.
    h.change("ReplicaSet", "api", (rs) => {
      (rs.spec as { replicas: number }).replicas = 3;
      const template = (rs.spec as { template: { spec: { containers: { image: string }[] } } }).template;
      const [container] = template.spec.containers;
      if (container) container.image = "registry.example/broken:1";
    });
    await h.waitFor("a third, broken pod", () => h.list("Pod").length === 3 && status("api").replicas === 3);
    h.change("ReplicaSet", "api", (rs) => {
      (rs.spec as { replicas: number }).replicas = 2;
    });
    await h.waitFor("back to 2", () => h.list("Pod").length === 2 && status("api").replicas === 2);
    expect(
      h
        .list("Pod")
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual([...healthy].sort());
    expect(status("api")).toMatchObject({ readyReplicas: 2, observedGeneration: 3 });
  });

  it("leaves out zero counts, as the API does", async () => {
    h = startHarness();
    h.create(replicaSet("idle", 0));
    await h.waitFor("observed", () => status("idle").observedGeneration === 1);
    expect(status("idle")).toEqual({ replicas: 0, observedGeneration: 1 });
  });
});
