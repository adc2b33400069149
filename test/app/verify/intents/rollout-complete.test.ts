// k8s_rollout_complete against the emulator's controllers: kubectl's rules and wording, a broken
// image times out, a progress deadline fails at once, and intents that can never pass fail with a sentence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  daemonSet,
  deployment,
  intent,
  modify,
  namespace,
  rolledOut,
  shortTimeScale,
  startVerifyCluster,
  statefulSet,
  stored,
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

const rollout = (name: string, kind = "Deployment", timeoutSeconds = 30) =>
  intent(`${name}-rolled-out`, "k8s_rollout_complete", { namespace, kind, name }, timeoutSeconds);

describe("k8s_rollout_complete", () => {
  it("passes once a new Deployment's pods are ready, with kubectl's message", async () => {
    cluster.emulator.seed([deployment("fresh", { replicas: 3 })]);
    const result = await verifyOne(cluster, rollout("fresh"));
    expect(result).toMatchObject({
      id: "fresh-rolled-out",
      check: "k8s_rollout_complete",
      status: "passed",
      expected: 'Deployment "fresh" in namespace "shop" rolled out (kubectl rollout status succeeds)',
      observed: 'deployment "fresh" successfully rolled out',
    });
    expect(stored(cluster.emulator, "apps/v1", "Deployment", "fresh")?.status).toMatchObject({
      availableReplicas: 3,
      updatedReplicas: 3,
    });
  });

  it("follows a scale made through client-node until the new pods are available", async () => {
    cluster.emulator.seed([deployment("scaled", { replicas: 2 })]);
    await rolledOut(cluster.emulator, "Deployment", "scaled", 2);
    await cluster.kube.apps.replaceNamespacedDeploymentScale({
      namespace,
      name: "scaled",
      body: { metadata: { name: "scaled", namespace }, spec: { replicas: 5 } },
    });
    const result = await verifyOne(cluster, rollout("scaled"));
    expect(result.status).toBe("passed");
    expect(stored(cluster.emulator, "apps/v1", "Deployment", "scaled")?.status).toMatchObject({
      availableReplicas: 5,
    });
  });

  it("follows an image change to the end of the rolling update", async () => {
    cluster.emulator.seed([deployment("updated", { replicas: 2 })]);
    await rolledOut(cluster.emulator, "Deployment", "updated", 2);
    modify(cluster.emulator, "apps/v1", "Deployment", "updated", (object) => {
      const spec = object.spec as { template: { spec: { containers: Array<{ image: string }> } } };
      spec.template.spec.containers = spec.template.spec.containers.map((c) => ({
        ...c,
        image: "nginx:1.27",
      }));
    });
    const result = await verifyOne(cluster, rollout("updated"));
    expect(result).toMatchObject({
      status: "passed",
      observed: 'deployment "updated" successfully rolled out',
    });
    const status = stored(cluster.emulator, "apps/v1", "Deployment", "updated")?.status as Record<
      string,
      number
    >;
    expect(status).toMatchObject({ updatedReplicas: 2, availableReplicas: 2, replicas: 2 });
  });

  it("accepts kind aliases and the other rollout kinds", async () => {
    cluster.emulator.seed([statefulSet("db", { replicas: 2 }), daemonSet("agent"), deployment("aliased")]);
    const [sts, ds, alias] = await Promise.all([
      verifyOne(cluster, rollout("db", "StatefulSet")),
      verifyOne(cluster, rollout("agent", "ds")),
      verifyOne(cluster, rollout("aliased", "deploy")),
    ]);
    expect(sts).toMatchObject({
      status: "passed",
      observed: "partitioned roll out complete: 2 new pods have been updated...",
    });
    expect(ds).toMatchObject({ status: "passed", observed: 'daemon set "agent" successfully rolled out' });
    expect(alias).toMatchObject({
      status: "passed",
      expected: 'Deployment "aliased" in namespace "shop" rolled out (kubectl rollout status succeeds)',
    });
  });

  it("times out while a broken image keeps the pods from becoming available", async () => {
    cluster.emulator.seed([deployment("broken", { replicas: 2, image: "registry.example/broken:1" })]);
    const result = await verifyOne(cluster, rollout("broken", "Deployment", 1), shortTimeScale);
    expect(result.status).toBe("timed_out");
    expect(result.observed).toMatch(
      /^Waiting for deployment "broken" rollout to finish: 0 of 2 updated replicas are available\.\.\.$/,
    );
    expect(result.durationMs).toBeGreaterThanOrEqual(495);
  });

  it("fails at once when the progress deadline is exceeded, without waiting for its own timeout", async () => {
    cluster.emulator.seed([
      deployment("stuck", { replicas: 1, image: "does-not-exist:1", progressDeadlineSeconds: 1 }),
    ]);
    const result = await verifyOne(cluster, rollout("stuck", "Deployment", 300));
    expect(result.status).toBe("failed");
    expect(result.observed).toMatch(
      /^deployment "stuck" exceeded its progress deadline \(ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.\)$/,
    );
    expect(result.durationMs).toBeLessThan(20_000);
  });

  it("waits for a Deployment that does not exist yet, and says so when it never comes", async () => {
    const result = await verifyOne(cluster, rollout("ghost", "Deployment", 1), shortTimeScale);
    expect(result).toMatchObject({
      status: "timed_out",
      observed: 'Deployment "ghost" in namespace "shop" does not exist',
    });
  });

  it("passes for a Deployment created after verification started", async () => {
    const pending = verifyOne(cluster, rollout("late"));
    cluster.emulator.seed([deployment("late", { replicas: 1 })]);
    await expect(pending).resolves.toMatchObject({ status: "passed" });
  });

  it("fails with a sentence for kinds that have no rollout", async () => {
    const result = await verifyOne(cluster, rollout("settings", "ConfigMap"));
    expect(result).toMatchObject({
      status: "failed",
      observed:
        "Rollout status is only available for Deployments, StatefulSets and DaemonSets, not ConfigMap; use k8s_field_equals or k8s_pods_ready instead.",
    });
  });

  it("fails with kubectl's sentence for an OnDelete StatefulSet", async () => {
    cluster.emulator.seed([statefulSet("ondelete", { replicas: 1 })]);
    modify(cluster.emulator, "apps/v1", "StatefulSet", "ondelete", (object) => {
      (object.spec as Record<string, unknown>).updateStrategy = { type: "OnDelete" };
    });
    const result = await verifyOne(cluster, rollout("ondelete", "StatefulSet"));
    expect(result.status).toBe("failed");
    expect(result.observed).toMatch(
      /only available for the RollingUpdate strategy type \(it uses OnDelete\)/,
    );
  });

  it("fails with a sentence for a kind the cluster does not serve", async () => {
    const result = await verifyOne(cluster, rollout("x", "Frobnicator"));
    expect(result.status).toBe("failed");
    expect(result.observed).toMatch(
      /^The cluster does not serve a resource called "Frobnicator"\. Known kinds include: /,
    );
  });

  it("refuses arguments that are missing or malformed", async () => {
    const missing = await verifyOne(
      cluster,
      intent("no-ns", "k8s_rollout_complete", { kind: "Deployment", name: "web" }),
    );
    expect(missing.status).toBe("failed");
    expect(missing.observed).toMatch(
      /^The arguments of verify entry "no-ns" \(k8s_rollout_complete\) are not valid: namespace: /,
    );
    const bad = await verifyOne(
      cluster,
      intent("bad-name", "k8s_rollout_complete", {
        namespace,
        kind: "Deployment",
        name: "Web_App",
        replicas: 2,
      }),
    );
    expect(bad.observed).toContain("name: must be a DNS-1123 name");
    expect(bad.observed).toContain('args: unknown argument "replicas"');
    expect(bad.expected).toBe(
      'k8s_rollout_complete {"namespace":"shop","kind":"Deployment","name":"Web_App","replicas":2}',
    );
  });
});
