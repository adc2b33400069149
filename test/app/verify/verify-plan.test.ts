// verifyPlan: every intent of a plan at once, each with its own deadline, the conclusion rules,
// recovery from dropped watches and API errors, and cancellation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conclusionOf, type IntentResult, intentKinds, verifyPlan } from "../../../app/verify/index.ts";
import {
  configMap,
  countingClients,
  deployment,
  eventually,
  intent,
  modify,
  namespace,
  planWith,
  rolledOut,
  shortTimeScale,
  startVerifyCluster,
  type VerifyCluster,
} from "./verify-fixtures.ts";

let cluster: VerifyCluster;

beforeAll(async () => {
  cluster = await startVerifyCluster({ readyDelayMs: 30 });
});

afterAll(async () => {
  await cluster?.close();
});

const deploymentsPath = `/apis/apps/v1/namespaces/${namespace}/deployments`;

function scale(name: string, replicas: number): void {
  modify(cluster.emulator, "apps/v1", "Deployment", name, (object) => {
    (object.spec as { replicas: number }).replicas = replicas;
  });
}

function scalePlan(name: string, replicas: number, timeoutSeconds = 30) {
  const ref = { namespace, kind: "Deployment", name };
  return planWith([
    intent(`${name}-rolled-out`, "k8s_rollout_complete", ref, timeoutSeconds),
    intent(
      `${name}-replicas`,
      "k8s_field_equals",
      { ...ref, path: "spec.replicas", equals: replicas },
      timeoutSeconds,
    ),
    intent(
      `${name}-ready`,
      "k8s_field_equals",
      { ...ref, path: "status.readyReplicas", equals: replicas },
      timeoutSeconds,
    ),
    intent(
      `${name}-pods`,
      "k8s_pods_ready",
      { namespace, labelSelector: `app=${name}`, count: replicas },
      timeoutSeconds,
    ),
  ]);
}

describe("verifyPlan", () => {
  it("verifies every intent concurrently and concludes success when all pass", async () => {
    cluster.emulator.seed([deployment("web", { replicas: 2 }), configMap("legacy")]);
    await rolledOut(cluster.emulator, "Deployment", "web", 2);
    const plan = scalePlan("web", 5);
    plan.verify.push(
      intent("legacy-gone", "k8s_object_absent", { namespace, kind: "ConfigMap", name: "legacy" }),
    );
    const pending = verifyPlan(plan, cluster.kube);
    scale("web", 5);
    await cluster.kube.core.deleteNamespacedConfigMap({ namespace, name: "legacy" });
    const verification = await pending;
    expect(verification.conclusion).toBe("success");
    expect(verification.results.map((r) => [r.id, r.status])).toEqual([
      ["web-rolled-out", "passed"],
      ["web-replicas", "passed"],
      ["web-ready", "passed"],
      ["web-pods", "passed"],
      ["legacy-gone", "passed"],
    ]);
    expect(verification.results[2]).toMatchObject({
      expected: "status.readyReplicas = 5",
      observed: "status.readyReplicas = 5 (updated 5/5, ready 5/5)",
    });
    for (const result of verification.results) expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("concludes success for a plan without intents", async () => {
    await expect(verifyPlan(planWith([]), cluster.kube)).resolves.toEqual({
      conclusion: "success",
      results: [],
    });
  });

  it("concludes timed_out when the pods never become ready, each intent on its own deadline", async () => {
    cluster.emulator.seed([deployment("broken-web", { replicas: 2, image: "broken:9" })]);
    const plan = planWith([
      intent("short", "k8s_pods_ready", { namespace, labelSelector: "app=broken-web", count: 2 }, 1),
      intent("long", "k8s_rollout_complete", { namespace, kind: "Deployment", name: "broken-web" }, 4),
      intent("replicas", "k8s_field_equals", {
        namespace,
        kind: "Deployment",
        name: "broken-web",
        path: "spec.replicas",
        equals: 2,
      }),
    ]);
    const verification = await verifyPlan(plan, cluster.kube, { timeScale: shortTimeScale });
    expect(verification.conclusion).toBe("timed_out");
    const [short, long, replicas] = verification.results as [IntentResult, IntentResult, IntentResult];
    expect(short).toMatchObject({
      status: "timed_out",
      observed: expect.stringMatching(/^0 of 2 matching pods ready; not ready: /),
    });
    expect(long).toMatchObject({
      status: "timed_out",
      observed: expect.stringContaining("0 of 2 updated replicas are available"),
    });
    expect(replicas.status).toBe("passed");
    expect(short.durationMs).toBeGreaterThanOrEqual(495);
    expect(long.durationMs).toBeGreaterThanOrEqual(1995);
    expect(long.durationMs).toBeGreaterThan(short.durationMs);
  });

  it("concludes failure when any intent failed, even if others timed out", async () => {
    cluster.emulator.seed([configMap("stays")]);
    const plan = planWith([
      intent("mystery", "k8s_magic", { anything: true }),
      intent("stays-absent", "k8s_object_absent", { namespace, kind: "ConfigMap", name: "stays" }, 1),
    ]);
    const verification = await verifyPlan(plan, cluster.kube, { timeScale: shortTimeScale });
    expect(verification.conclusion).toBe("failure");
    expect(verification.results[0]).toMatchObject({
      id: "mystery",
      check: "k8s_magic",
      status: "failed",
      expected: 'k8s_magic {"anything":true}',
      observed: `Skyflo has no check called "k8s_magic"; use one of ${[...intentKinds.keys()].join(", ")} in verify entry "mystery".`,
    });
    expect(verification.results[1]?.status).toBe("timed_out");
  });

  it("recovers when its watches drop while it waits", async () => {
    cluster.emulator.seed([deployment("dropped", { replicas: 1 })]);
    await rolledOut(cluster.emulator, "Deployment", "dropped", 1);
    const counting = countingClients(cluster.kube);
    const pending = verifyPlan(scalePlan("dropped", 3), counting.kube);
    // As soon as a deployments watch is open, drop it in the same tick as the scale: the intent it
    // served can only see the new state by listing again.
    await eventually(() => (cluster.emulator.faults.dropWatches(deploymentsPath) > 0 ? true : undefined));
    scale("dropped", 3);
    cluster.emulator.faults.dropWatches();
    const verification = await pending;
    expect(verification.conclusion).toBe("success");
    expect(counting.count(deploymentsPath)).toBeGreaterThanOrEqual(4);
  });

  it("retries transient API errors and fails an intent the API refuses, with a sentence", async () => {
    cluster.emulator.seed([deployment("api-errors", { replicas: 1 }), configMap("api-settings")]);
    await rolledOut(cluster.emulator, "Deployment", "api-errors", 1);
    cluster.emulator.faults.failNext({ path: deploymentsPath, method: "GET", status: 503, count: 2 });
    cluster.emulator.faults.failNext({
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      method: "GET",
      status: 403,
      count: 1,
      message: 'configmaps is forbidden: User "skyflo" cannot list resource "configmaps"',
    });
    const verification = await verifyPlan(
      planWith([
        intent("rolled-out", "k8s_rollout_complete", { namespace, kind: "Deployment", name: "api-errors" }),
        intent("settings", "k8s_field_equals", {
          namespace,
          kind: "ConfigMap",
          name: "api-settings",
          path: "data.color",
          equals: "blue",
        }),
      ]),
      cluster.kube,
    );
    cluster.emulator.faults.clear();
    expect(verification.conclusion).toBe("failure");
    expect(verification.results[0]?.status).toBe("passed");
    expect(verification.results[1]).toMatchObject({
      status: "failed",
      observed:
        'The cluster refused to list ConfigMap "api-settings" in namespace "shop" (HTTP 403: configmaps is forbidden: User "skyflo" cannot list resource "configmaps"). Check that Skyflo\'s cluster credentials may list and watch them.',
    });
  });

  it("reports the API error it kept getting when an intent times out on it", async () => {
    cluster.emulator.faults.failNext({
      path: deploymentsPath,
      method: "GET",
      status: 500,
      count: 1000,
      message: "etcd down",
    });
    try {
      const verification = await verifyPlan(
        planWith([
          intent("no-api", "k8s_rollout_complete", { namespace, kind: "Deployment", name: "web" }, 1),
        ]),
        cluster.kube,
        { timeScale: 0.3 },
      );
      expect(verification.results[0]).toMatchObject({
        status: "timed_out",
        observed: expect.stringMatching(
          /^nothing observed before the deadline; last API error: listing Deployment "web" in namespace "shop" failed with HTTP 500: etcd down$/,
        ),
      });
    } finally {
      cluster.emulator.faults.clear();
    }
  });

  it("stops every intent when cancelled and rejects with the signal's reason", async () => {
    cluster.emulator.seed([deployment("cancelled", { replicas: 1, image: "broken:1" })]);
    const counting = countingClients(cluster.kube);
    const controller = new AbortController();
    const pending = verifyPlan(scalePlan("cancelled", 1, 3600), counting.kube, { signal: controller.signal });
    await eventually(() => (counting.count(deploymentsPath) >= 3 ? true : undefined));
    const reason = new Error("the app is shutting down");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("rejects at once when already cancelled, and refuses a bad timeScale", async () => {
    const plan = scalePlan("web", 1);
    await expect(
      verifyPlan(plan, cluster.kube, { signal: AbortSignal.abort(new Error("gone")) }),
    ).rejects.toThrow("gone");
    for (const timeScale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(verifyPlan(plan, cluster.kube, { timeScale })).rejects.toThrow(
        /^timeScale must be a positive number \(got .+\); use 1 outside tests\.$/,
      );
    }
  });
});

describe("conclusionOf", () => {
  const result = (status: IntentResult["status"]): IntentResult => ({
    id: status,
    check: "k8s_field_equals",
    expected: "",
    observed: "",
    status,
    durationMs: 0,
  });

  it("is success iff all passed, timed_out if any timed out and none failed, else failure", () => {
    expect(conclusionOf([])).toBe("success");
    expect(conclusionOf([result("passed"), result("passed")])).toBe("success");
    expect(conclusionOf([result("passed"), result("timed_out")])).toBe("timed_out");
    expect(conclusionOf([result("timed_out"), result("failed")])).toBe("failure");
    expect(conclusionOf([result("failed")])).toBe("failure");
  });
});
