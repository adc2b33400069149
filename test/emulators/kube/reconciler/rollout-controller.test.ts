// The Argo Rollouts CRD and its canary controller in the emulator: served like a built-in (discovery,
// status subresource, patches), and the status fields Argo's controller writes as steps, pauses,
// promotion, abort/retry, manual pause, restart, rollback and a broken image play out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLLOUT_API_VERSION, rolloutResource } from "../argo-rollouts.ts";
import { type KubeEmulator, startKubeEmulator } from "../index.ts";
import type { KubeObject } from "../types.ts";
import { durationMs, ROLLOUT_HASH_LABEL, ROLLOUT_REVISION } from "./rollout-controller.ts";

type Json = Record<string, unknown>;
const namespace = "shop";
let emulator: KubeEmulator;

beforeAll(async () => {
  emulator = await startKubeEmulator({
    readyDelayMs: 10,
    seed: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }],
  });
});

afterAll(async () => {
  await emulator?.close();
});

function rollout(
  name: string,
  options: { replicas?: number; image?: string; steps?: Json[]; extra?: Json } = {},
) {
  return {
    apiVersion: ROLLOUT_API_VERSION,
    kind: "Rollout",
    metadata: { name, namespace },
    spec: {
      replicas: options.replicas ?? 4,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: options.image ?? "nginx:1.25" }] },
      },
      strategy: { canary: { steps: options.steps ?? [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }] } },
      ...options.extra,
    },
  } satisfies KubeObject;
}

const typeOf = (kind: string) => {
  const type =
    kind === "Rollout"
      ? rolloutResource
      : emulator.store.registry.byKind(kind === "Pod" ? "v1" : "apps/v1", kind);
  if (!type) throw new Error(`no type ${kind}`);
  return type;
};
const get = (name: string) => emulator.store.get(rolloutResource, namespace, name) as KubeObject;
const status = (name: string) => (get(name)?.status ?? {}) as Json;
const replicaSets = (name: string) =>
  emulator.store
    .list(typeOf("ReplicaSet"), { namespace })
    .items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.kind === "Rollout" && o.name === name));
const rsOf = (name: string, hash: unknown) =>
  replicaSets(name).find((rs) => rs.metadata.labels?.[ROLLOUT_HASH_LABEL] === hash) as KubeObject;
const specReplicas = (rs: KubeObject | undefined) => (rs?.spec as Json | undefined)?.replicas;

function change(name: string, edit: (object: KubeObject) => void, subresource?: "status"): void {
  const object = get(name);
  edit(object);
  emulator.store.update(rolloutResource, object, subresource ? { subresource } : {});
}

function setStatus(name: string, field: string, value: unknown): void {
  change(
    name,
    (object) => {
      (object.status as Json)[field] = value;
    },
    "status",
  );
}

function setSpec(name: string, field: string, value: unknown): void {
  change(name, (object) => {
    (object.spec as Json)[field] = value;
  });
}

function setImage(name: string, image: string): void {
  change(name, (object) => {
    const template = (object.spec as Json).template as { spec: { containers: Json[] } };
    template.spec.containers = [{ name: "app", image }];
  });
}

/** Resolves once `check` holds, re-checked on every store change and on a short poll, or fails at the deadline. */
function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const value = check();
      if (value !== undefined && value !== false) {
        finish();
        resolve(value);
      }
    };
    const unsubscribe = emulator.store.subscribe(() => queueMicrotask(attempt));
    const poll = setInterval(attempt, 10);
    const deadline = setTimeout(() => {
      finish();
      reject(
        new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(status(nameOf(what)))}`),
      );
    }, timeoutMs);
    const finish = () => {
      unsubscribe();
      clearInterval(poll);
      clearTimeout(deadline);
    };
    attempt();
  });
}
const nameOf = (what: string) => what.split(" ")[0] ?? "";
const phaseIs = (name: string, phase: string) =>
  waitFor(`${name} ${phase}`, () => status(name).phase === phase && status(name));

async function pausedAtFirstPause(name: string, options: Parameters<typeof rollout>[1] = {}) {
  emulator.seed([rollout(name, options)]);
  const first = await phaseIs(name, "Healthy");
  setImage(name, "nginx:1.27");
  const paused = await waitFor(`${name} paused at step 1`, () => {
    const s = status(name);
    return s.phase === "Paused" && s.currentStepIndex === 1 && s;
  });
  return { stable: String(first.stableRS), canary: String(paused.currentPodHash) };
}

describe("the Rollout CRD", () => {
  it("is discovered under argoproj.io/v1alpha1 with its status and scale subresources", async () => {
    const response = await fetch(`${emulator.url}/apis/argoproj.io/v1alpha1`, {
      headers: { Authorization: `Bearer ${emulator.kubeConfig().getCurrentUser()?.token}` },
    });
    const list = (await response.json()) as { resources: Array<{ name: string; shortNames?: string[] }> };
    expect(list.resources.map((r) => r.name)).toEqual(["rollouts", "rollouts/status", "rollouts/scale"]);
    expect(list.resources[0]?.shortNames).toEqual(["ro"]);
  });

  it("accepts a merge patch of status through the status subresource only", async () => {
    emulator.seed([rollout("patched", { replicas: 1 })]);
    await phaseIs("patched", "Healthy");
    const patch = (path: string, body: Json) =>
      fetch(`${emulator.url}/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/patched${path}`, {
        method: "PATCH",
        headers: {
          Authorization: `Bearer ${emulator.kubeConfig().getCurrentUser()?.token}`,
          "Content-Type": "application/merge-patch+json",
        },
        body: JSON.stringify(body),
      });
    expect((await patch("", { status: { promoteFull: true } })).status).toBe(200);
    expect(status("patched").promoteFull).toBeUndefined(); // the main resource cannot write status
    expect((await patch("/status", { status: { abort: true } })).status).toBe(200);
    await phaseIs("patched", "Degraded");
  });
});

describe("the canary controller", () => {
  it("makes a new Rollout stable at once: one ReplicaSet, revision 1, Healthy", async () => {
    emulator.seed([rollout("fresh")]);
    const s = await phaseIs("fresh", "Healthy");
    expect(s).toMatchObject({
      currentStepIndex: 3,
      replicas: 4,
      updatedReplicas: 4,
      availableReplicas: 4,
      message: "",
      observedGeneration: "1",
    });
    expect(s.stableRS).toBe(s.currentPodHash);
    const [rs] = replicaSets("fresh");
    expect(rs?.metadata.name).toBe(`fresh-${s.stableRS}`);
    expect(rs?.metadata.annotations?.[ROLLOUT_REVISION]).toBe("1");
    expect(get("fresh").metadata.annotations?.[ROLLOUT_REVISION]).toBe("1");
    const pods = emulator.store.list(typeOf("Pod"), { namespace, labelSelector: `app=fresh` }).items;
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => p.metadata.labels?.[ROLLOUT_HASH_LABEL] === s.stableRS)).toBe(true);
  });

  it("walks setWeight and pause steps for a new image, then promotes when the pause is cleared", async () => {
    const { stable, canary } = await pausedAtFirstPause("web");
    expect(canary).not.toBe(stable);
    expect(status("web")).toMatchObject({
      stableRS: stable,
      controllerPause: true,
      message: "CanaryPauseStep",
      pauseConditions: [{ reason: "CanaryPauseStep", startTime: expect.any(String) }],
    });
    expect(specReplicas(rsOf("web", canary))).toBe(1);
    expect(specReplicas(rsOf("web", stable))).toBe(3);
    expect(rsOf("web", canary).metadata.annotations?.[ROLLOUT_REVISION]).toBe("2");

    // `kubectl argo rollouts promote`: clears the pause conditions through the status subresource.
    setStatus("web", "pauseConditions", null);
    const done = await phaseIs("web", "Healthy");
    expect(done).toMatchObject({ stableRS: canary, currentPodHash: canary, currentStepIndex: 3 });
    expect(done.controllerPause).toBeUndefined();
    await waitFor("web old ReplicaSet scaled down", () => specReplicas(rsOf("web", stable)) === 0);
    expect(specReplicas(rsOf("web", canary))).toBe(4);
  });

  it("ends a pause with a duration by itself", async () => {
    emulator.seed([
      rollout("timed", { replicas: 2, steps: [{ setWeight: 50 }, { pause: { duration: "150ms" } }] }),
    ]);
    const first = await phaseIs("timed", "Healthy");
    setImage("timed", "nginx:1.27");
    await waitFor("timed paused", () => status("timed").phase === "Paused");
    const done = await phaseIs("timed", "Healthy");
    expect(done.stableRS).not.toBe(first.stableRS);
    expect(done.currentStepIndex).toBe(2);
  });

  it("aborts to the stable ReplicaSet (Degraded) and retries from the first step", async () => {
    const { stable, canary } = await pausedAtFirstPause("aborted");
    setStatus("aborted", "abort", true);
    const degraded = await waitFor(
      "aborted Degraded with the canary scaled down",
      () =>
        status("aborted").phase === "Degraded" &&
        specReplicas(rsOf("aborted", canary)) === 0 &&
        status("aborted"),
    );
    expect(degraded).toMatchObject({
      message: "RolloutAborted: Rollout aborted update to revision 2",
      currentStepIndex: 0,
      stableRS: stable,
      abortedAt: expect.any(String),
    });
    expect(degraded.pauseConditions).toBeUndefined();
    expect(specReplicas(rsOf("aborted", stable))).toBe(4);

    setStatus("aborted", "abort", false);
    const retried = await waitFor(
      "aborted paused again",
      () => status("aborted").phase === "Paused" && status("aborted"),
    );
    expect(retried).toMatchObject({ currentStepIndex: 1, abort: false, currentPodHash: canary });
    expect(retried.abortedAt).toBeUndefined();
  });

  it("skips the remaining steps on promoteFull", async () => {
    const { canary } = await pausedAtFirstPause("full");
    setStatus("full", "promoteFull", true);
    const done = await phaseIs("full", "Healthy");
    expect(done).toMatchObject({ stableRS: canary, currentStepIndex: 3 });
    expect(done.promoteFull).toBeUndefined();
  });

  it("holds the steps while spec.paused is true (manually paused) and goes on when it is cleared", async () => {
    emulator.seed([rollout("manual", { replicas: 2, steps: [{ setWeight: 50 }] })]);
    await phaseIs("manual", "Healthy");
    change("manual", (object) => {
      (object.spec as Json).paused = true;
      const template = (object.spec as Json).template as { spec: { containers: Json[] } };
      template.spec.containers = [{ name: "app", image: "nginx:1.27" }];
    });
    const paused = await waitFor(
      "manual paused",
      () => status("manual").message === "manually paused" && status("manual"),
    );
    expect(paused).toMatchObject({ phase: "Paused", currentStepIndex: 0 });
    setSpec("manual", "paused", false);
    const done = await phaseIs("manual", "Healthy");
    expect(done.stableRS).toBe(done.currentPodHash);
  });

  it("restarts the pods created before spec.restartAt and records status.restartedAt", async () => {
    emulator.seed([rollout("restarted", { replicas: 2 })]);
    await phaseIs("restarted", "Healthy");
    const before = emulator.store.list(typeOf("Pod"), { namespace, labelSelector: "app=restarted" }).items;
    const restartAt = `${new Date().toISOString().slice(0, 19)}Z`;
    setSpec("restarted", "restartAt", restartAt);
    await waitFor("restarted replaced its pods", () => {
      const pods = emulator.store.list(typeOf("Pod"), { namespace, labelSelector: "app=restarted" }).items;
      const old = new Set(before.map((p) => p.metadata.uid));
      return (
        status("restarted").phase === "Healthy" &&
        pods.length === 2 &&
        pods.every((p) => !old.has(p.metadata.uid))
      );
    });
    expect(status("restarted").restartedAt).toBe(restartAt);
  });

  it("goes straight back to stable when the template returns to the stable one (undo), with the next revision", async () => {
    const { stable } = await pausedAtFirstPause("undone");
    setImage("undone", "nginx:1.25");
    const done = await phaseIs("undone", "Healthy");
    expect(done).toMatchObject({ stableRS: stable, currentPodHash: stable, currentStepIndex: 3 });
    expect(done.pauseConditions).toBeUndefined();
    expect(rsOf("undone", stable).metadata.annotations?.[ROLLOUT_REVISION]).toBe("3");
  });

  it("is Degraded when a broken image makes no progress within progressDeadlineSeconds", async () => {
    emulator.seed([rollout("broken", { replicas: 2, extra: { progressDeadlineSeconds: 1 } })]);
    await phaseIs("broken", "Healthy");
    setImage("broken", "registry.example/broken:2");
    const degraded = await phaseIs("broken", "Degraded");
    expect(degraded.message).toMatch(
      /^ProgressDeadlineExceeded: ReplicaSet "broken-\w+" has timed out progressing\.$/,
    );
    expect(degraded.currentStepIndex).toBe(0);
  });
});

describe("durationMs", () => {
  it("reads Argo's duration strings and plain seconds", () => {
    expect([
      durationMs(10),
      durationMs("10"),
      durationMs("30s"),
      durationMs("1h30m"),
      durationMs("500ms"),
    ]).toEqual([10_000, 10_000, 30_000, 5_400_000, 500]);
    expect(durationMs("soon")).toBeUndefined();
    expect(durationMs(undefined)).toBeUndefined();
  });
});
