// Benchmark: how soon verification concludes once the cluster is there. Each run scales web from
// 1 to 3 replicas through the API and at once starts verifyPlan with a k8s_rollout_complete intent;
// the emulator makes the new pods ready after its ready delay. The emulator runs in this process so
// its store can be watched synchronously: the moment the last pod turns Ready, and the moment the
// Deployment's status first says the rollout is complete (the same rolloutState verify uses), are
// timestamped as the store commits them. The figures are from those moments to verifyPlan's answer.
import type { Plan } from "../app/plan/index.ts";
import { verifyPlan } from "../app/verify/index.ts";
import { demoCluster } from "../scripts/demo-cluster.ts";
import { intent, planWith } from "../test/app/verify/verify-fixtures.ts";
import { startKubeEmulator } from "../test/emulators/kube/index.ts";
import type { KubeObject } from "../test/emulators/kube/types.ts";
import { createKubeClients, type KubeClients } from "../tools/kubernetes/client.ts";
import { rolloutState } from "../tools/kubernetes/workload-status.ts";
import type { Workload } from "../tools/kubernetes/workloads.ts";
import { type LatencySummary, summarizeLatency } from "./latency-summary.ts";

const ref = { namespace: "shop", kind: "Deployment" as const, name: "web" };
const SCALED = 3;

export interface VerifyLatencyResult {
  runs: number;
  warmup: number;
  readyDelayMs: number;
  /** Last new pod Ready (store) → verifyPlan resolved with success. */
  fromPodsReady: LatencySummary;
  /** Deployment status first complete (store) → verifyPlan resolved with success. */
  fromDeploymentComplete: LatencySummary;
  /** verifyPlan start → last pod Ready: positive when verify was already watching, as intended. */
  verifyStartToPodsReady: LatencySummary;
}

export async function benchVerifyLatency(
  runs: number,
  warmup: number,
  readyDelayMs: number,
): Promise<VerifyLatencyResult> {
  const emulator = await startKubeEmulator({ seed: demoCluster(), readyDelayMs });
  const kube = createKubeClients(emulator.kubeConfig());
  const store = emulator.store;
  const podType = store.registry.byKind("v1", "Pod");
  const deploymentType = store.registry.byKind("apps/v1", "Deployment");
  if (!podType || !deploymentType) throw new Error("the emulator serves no Pods or Deployments");
  const plan = planWith([intent("web-rolled-out", "k8s_rollout_complete", { ...ref }, 30)]);

  // Set by the store listener while a run is measured.
  let podsReadyAt: number | undefined;
  let completeAt: number | undefined;
  let measuring = false;
  const readyPods = () =>
    store
      .list(podType, { namespace: ref.namespace, labelSelector: "app=web" })
      .items.filter((pod) => !pod.metadata.deletionTimestamp && isReady(pod)).length;
  const unsubscribe = store.subscribe((event) => {
    if (!measuring) return;
    const now = performance.now();
    const object = event.object;
    if (object.kind === "Pod" && podsReadyAt === undefined && readyPods() >= SCALED) podsReadyAt = now;
    if (object.kind === "Deployment" && object.metadata.name === ref.name && completeAt === undefined) {
      if (rolloutState(ref, object as Workload).done) completeAt = now;
    }
  });

  const fromPods: number[] = [];
  const fromComplete: number[] = [];
  const startToReady: number[] = [];
  try {
    for (let i = 0; i < warmup + runs; i++) {
      await scaleAndSettle(kube, plan, 1); // untimed: back to one ready replica
      podsReadyAt = undefined;
      completeAt = undefined;
      measuring = true;
      await scale(kube, SCALED);
      const started = performance.now();
      const verification = await verifyPlan(plan, kube);
      const ended = performance.now();
      measuring = false;
      if (verification.conclusion !== "success") {
        throw new Error(
          `verification ended ${verification.conclusion}: ${JSON.stringify(verification.results)}`,
        );
      }
      if (podsReadyAt === undefined || completeAt === undefined) {
        throw new Error("the store never showed the pods ready and the rollout complete");
      }
      if (i < warmup) continue;
      fromPods.push(ended - podsReadyAt);
      fromComplete.push(ended - completeAt);
      startToReady.push(podsReadyAt - started);
    }
  } finally {
    unsubscribe();
    await emulator.close();
  }
  return {
    runs,
    warmup,
    readyDelayMs,
    fromPodsReady: summarizeLatency(fromPods),
    fromDeploymentComplete: summarizeLatency(fromComplete),
    verifyStartToPodsReady: summarizeLatency(startToReady),
  };
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

async function scale(kube: KubeClients, replicas: number): Promise<void> {
  await kube.apps.patchNamespacedDeploymentScale(
    { namespace: ref.namespace, name: ref.name, body: { spec: { replicas } } },
    kube.options(AbortSignal.timeout(30_000), { "Content-Type": "application/merge-patch+json" }),
  );
}

async function scaleAndSettle(kube: KubeClients, plan: Plan, replicas: number): Promise<void> {
  await scale(kube, replicas);
  const settled = await verifyPlan(plan, kube);
  if (settled.conclusion !== "success") throw new Error(`web did not settle at ${replicas} replica(s)`);
}
