import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../types.ts";
import {
  conditionOf,
  deploymentManifest,
  type Harness,
  imageOf,
  kubectlRolloutStatus,
  startHarness,
} from "./test-harness.ts";

let h: Harness;
afterEach(() => h?.stop());

const REVISION = "deployment.kubernetes.io/revision";

function rolledOut(name: string, replicas?: number) {
  return () => {
    const deployment = h.get("Deployment", name);
    if (!deployment || !kubectlRolloutStatus(deployment).done) return undefined;
    // kubectl already says "rolled out" while a scale-down's old pods are counted (as on a real cluster);
    // these tests wait for the settled state.
    if (replicas !== undefined) {
      const pods = h.list("Pod").filter((p) => p.metadata.name?.startsWith(`${name}-`));
      if (pods.length !== replicas || (deployment.status as { replicas?: number }).replicas !== replicas)
        return undefined;
    }
    return deployment;
  };
}

function replicaSetsOf(name: string): KubeObject[] {
  const deployment = h.get("Deployment", name);
  return h
    .list("ReplicaSet")
    .filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === deployment?.metadata.uid);
}

function replicasOf(object: KubeObject): number | undefined {
  return (object.spec as { replicas?: number }).replicas;
}

function setImage(name: string, image: string, changeCause?: string) {
  h.change("Deployment", name, (d) => {
    const spec = d.spec as { template: { spec: { containers: { image: string }[] } } };
    const [container] = spec.template.spec.containers;
    if (container) container.image = image;
    if (changeCause)
      d.metadata.annotations = { ...d.metadata.annotations, "kubernetes.io/change-cause": changeCause };
  });
}

describe("deployment controller", () => {
  it("creates <deployment>-<hash> with pods that become ready, and a status kubectl calls rolled out", async () => {
    h = startHarness();
    h.create(deploymentManifest("web", { annotations: { "kubernetes.io/change-cause": "initial" } }));
    const deployment = await h.waitFor("web rolled out", rolledOut("web", 3));

    const [rs, ...others] = replicaSetsOf("web");
    expect(others).toEqual([]);
    const hash = rs?.metadata.labels?.["pod-template-hash"];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    expect(rs?.metadata.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: deployment.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs?.metadata.annotations).toMatchObject({
      [REVISION]: "1",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "kubernetes.io/change-cause": "initial",
    });
    expect(rs?.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: "web", "pod-template-hash": hash } },
      template: { metadata: { labels: { app: "web", "pod-template-hash": hash } } },
    });
    expect(rs?.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });

    expect(deployment.metadata.annotations?.[REVISION]).toBe("1");
    expect(deployment.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect((deployment.status as Record<string, unknown>).unavailableReplicas).toBeUndefined();
    expect(conditionOf(deployment, "Available")).toMatchObject({
      status: "True",
      reason: "MinimumReplicasAvailable",
    });
    expect(conditionOf(deployment, "Progressing")).toMatchObject({
      status: "True",
      reason: "NewReplicaSetAvailable",
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    });

    for (const pod of h.list("Pod")) {
      expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(pod.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({
        kind: "ReplicaSet",
        name: `web-${hash}`,
        controller: true,
      });
      expect(pod.spec).toMatchObject({
        nodeName: "emulator-node",
        containers: [{ name: "web", image: "nginx:1.27" }],
      });
      expect(pod.status).toMatchObject({ phase: "Running", podIP: expect.stringMatching(/^10\.244\./) });
    }
  });

  it("scales up and down, and the status follows", async () => {
    h = startHarness();
    h.create(deploymentManifest("web", { replicas: 2 }));
    await h.waitFor("2 replicas", rolledOut("web", 2));
    h.change("Deployment", "web", (d) => {
      (d.spec as { replicas: number }).replicas = 5;
    });
    const scaledUp = await h.waitFor("5 replicas", rolledOut("web", 5));
    expect(scaledUp.status).toMatchObject({
      replicas: 5,
      updatedReplicas: 5,
      availableReplicas: 5,
      observedGeneration: 2,
    });
    h.change("Deployment", "web", (d) => {
      (d.spec as { replicas: number }).replicas = 1;
    });
    const scaledDown = await h.waitFor("1 replica", rolledOut("web", 1));
    expect(scaledDown.status).toMatchObject({ replicas: 1, availableReplicas: 1, observedGeneration: 3 });
    expect(replicaSetsOf("web")).toHaveLength(1);
    const events = h
      .list("Event")
      .filter((e) => e.reason === "ScalingReplicaSet")
      .map((e) => e.message);
    expect(events).toContain(`Scaled up replica set ${replicaSetsOf("web")[0]?.metadata.name} from 2 to 5`);
    expect(events).toContain(`Scaled down replica set ${replicaSetsOf("web")[0]?.metadata.name} from 5 to 1`);
  });

  it("rolls out a new image as revision 2 and scales the old ReplicaSet to zero", async () => {
    h = startHarness();
    h.create(deploymentManifest("web"));
    await h.waitFor("revision 1", rolledOut("web", 3));
    const [first] = replicaSetsOf("web");
    setImage("web", "nginx:1.28", "upgrade to 1.28");

    const deployment = await h.waitFor("revision 2 rolled out", () => {
      const d = rolledOut("web", 3)();
      return d && d.metadata.annotations?.[REVISION] === "2" && d.metadata.generation === 2 ? d : undefined;
    });
    const all = replicaSetsOf("web");
    expect(all).toHaveLength(2);
    const second = all.find((rs) => rs.metadata.uid !== first?.metadata.uid);
    expect(second?.metadata.annotations).toMatchObject({
      [REVISION]: "2",
      "kubernetes.io/change-cause": "upgrade to 1.28",
    });
    expect(second && imageOf(second)).toBe("nginx:1.28");
    expect(replicasOf(all.find((rs) => rs.metadata.uid === first?.metadata.uid) as KubeObject)).toBe(0);
    expect(h.list("Pod").map(imageOf)).toEqual(["nginx:1.28", "nginx:1.28", "nginx:1.28"]);
    expect(deployment.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it("rolls back to revision 1 by re-using its ReplicaSet, which becomes revision 3", async () => {
    h = startHarness();
    h.create(deploymentManifest("web"));
    await h.waitFor("revision 1", rolledOut("web", 3));
    const [first] = replicaSetsOf("web");
    setImage("web", "nginx:1.28");
    await h.waitFor("revision 2", () => rolledOut("web", 3)()?.metadata.annotations?.[REVISION] === "2");

    // What `kubectl rollout undo` does: copy revision 1's template (minus pod-template-hash) back.
    h.change("Deployment", "web", (d) => {
      if (!first) throw new Error("revision 1 ReplicaSet is missing");
      const template = structuredClone(
        (first.spec as { template: { metadata: { labels: Record<string, string> } } }).template,
      );
      delete template.metadata.labels["pod-template-hash"];
      (d.spec as { template: unknown }).template = template;
    });
    const deployment = await h.waitFor("rolled back", () => {
      const d = rolledOut("web", 3)();
      return d?.metadata.annotations?.[REVISION] === "3" && d.metadata.generation === 3 ? d : undefined;
    });
    const all = replicaSetsOf("web");
    expect(all).toHaveLength(2);
    const reused = all.find((rs) => rs.metadata.uid === first?.metadata.uid);
    expect(reused?.metadata.annotations).toMatchObject({
      [REVISION]: "3",
      "deployment.kubernetes.io/revision-history": "1",
    });
    expect(reused && replicasOf(reused)).toBe(3);
    expect(replicasOf(all.find((rs) => rs !== reused) as KubeObject)).toBe(0);
    expect(h.list("Pod").map(imageOf)).toEqual(["nginx:1.27", "nginx:1.27", "nginx:1.27"]);
    expect(deployment.status).toMatchObject({ updatedReplicas: 3, availableReplicas: 3 });
  });

  it("keeps old pods serving while a broken image never becomes ready, then times out", async () => {
    h = startHarness();
    h.create(deploymentManifest("web", { spec: { progressDeadlineSeconds: 1 } }));
    await h.waitFor("revision 1", rolledOut("web", 3));
    setImage("web", "nginx:does-not-exist");

    const broken = await h.waitFor("a pod in ImagePullBackOff", () =>
      h.list("Pod").find((pod) => {
        const statuses = (pod.status as { containerStatuses?: { state: { waiting?: { reason: string } } }[] })
          .containerStatuses;
        return statuses?.[0]?.state.waiting?.reason === "ImagePullBackOff";
      }),
    );
    expect(broken.status).toMatchObject({
      phase: "Pending",
      containerStatuses: [
        {
          ready: false,
          started: false,
          restartCount: 0,
          state: {
            waiting: {
              reason: "ImagePullBackOff",
              message: expect.stringContaining('"nginx:does-not-exist"'),
            },
          },
        },
      ],
    });
    expect(conditionOf(broken, "Ready")).toMatchObject({ status: "False", reason: "ContainersNotReady" });

    // maxSurge 1 / maxUnavailable 0 (25% of 3): one new pod, all three old ones stay.
    const deployment = await h.waitFor("progress deadline exceeded", () => {
      const d = h.get("Deployment", "web");
      return conditionOf(d, "Progressing")?.reason === "ProgressDeadlineExceeded" ? d : undefined;
    });
    expect(conditionOf(deployment, "Progressing")).toMatchObject({
      status: "False",
      message: expect.stringMatching(/^ReplicaSet "web-\w+" has timed out progressing\.$/),
    });
    expect(kubectlRolloutStatus(deployment)).toEqual({
      done: false,
      message: 'deployment "web" exceeded its progress deadline',
    });
    expect(deployment.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
    });
    expect(conditionOf(deployment, "Available")).toMatchObject({ status: "True" });

    const reasons = h
      .list("Event")
      .filter((e) => (e.involvedObject as { name: string }).name === broken.metadata.name)
      .map((e) => `${e.type}/${e.reason}`);
    // Event names sort in the order events happened, as on a real cluster.
    expect(reasons).toEqual([
      "Normal/Scheduled",
      "Normal/Pulling",
      "Warning/Failed",
      "Warning/Failed",
      "Normal/BackOff",
      "Warning/Failed",
    ]);
  });

  it("does not roll out while paused, and rolls out once resumed", async () => {
    h = startHarness();
    h.create(deploymentManifest("web", { replicas: 2 }));
    await h.waitFor("revision 1", rolledOut("web", 2));
    h.change("Deployment", "web", (d) => {
      (d.spec as { paused: boolean }).paused = true;
    });
    await h.waitFor(
      "paused condition",
      () => conditionOf(h.get("Deployment", "web"), "Progressing")?.reason === "DeploymentPaused",
    );
    setImage("web", "nginx:1.28");
    h.change("Deployment", "web", (d) => {
      (d.spec as { replicas: number }).replicas = 3;
    });
    await h.waitFor(
      "scaled while paused",
      () =>
        h.list("Pod").length === 3 &&
        (h.get("Deployment", "web")?.status as { observedGeneration?: number } | undefined)
          ?.observedGeneration === 4,
    );
    await h.reconciler.idle();
    expect(replicaSetsOf("web")).toHaveLength(1);
    expect(h.list("Pod").map(imageOf)).toEqual(["nginx:1.27", "nginx:1.27", "nginx:1.27"]);

    h.change("Deployment", "web", (d) => {
      (d.spec as { paused: boolean }).paused = false;
    });
    await h.waitFor("resumed rollout", () => {
      const d = rolledOut("web", 3)();
      return d && h.list("Pod").every((p) => imageOf(p) === "nginx:1.28") ? d : undefined;
    });
    expect(replicaSetsOf("web")).toHaveLength(2);
  });

  it("with Recreate, removes every old pod before creating new ones", async () => {
    h = startHarness();
    h.create(deploymentManifest("web", { spec: { strategy: { type: "Recreate" } } }));
    await h.waitFor("revision 1", rolledOut("web", 3));
    const images = new Set<string>();
    const mixed: string[] = [];
    const unsubscribe = h.store.subscribe(() => {
      const seen = new Set(h.list("Pod").map((p) => imageOf(p) ?? ""));
      if (seen.size > 1) mixed.push([...seen].join(","));
      for (const image of seen) images.add(image);
    });
    setImage("web", "nginx:1.28");
    await h.waitFor("revision 2", () => rolledOut("web", 3)()?.metadata.annotations?.[REVISION] === "2");
    unsubscribe();
    expect(mixed).toEqual([]);
    expect(images).toEqual(new Set(["nginx:1.27", "nginx:1.28"]));
  });

  it("copes with its objects vanishing in a cascade delete", async () => {
    h = startHarness();
    h.create(deploymentManifest("web"));
    await h.waitFor("rolled out", rolledOut("web", 3));
    h.store.delete(h.type("apps/v1", "Deployment"), "shop", "web");
    await h.reconciler.idle();
    expect(h.list("ReplicaSet")).toEqual([]);
    expect(h.list("Pod")).toEqual([]);
    expect(h.get("Deployment", "web")).toBeUndefined();
  });
});
