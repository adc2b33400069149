// kubectl's rollout status rules, branch by branch, on hand-made objects (no server needed).
import { describe, expect, it } from "vitest";
import { replicaCounts, rolloutState } from "../../../tools/kubernetes/workload-status.ts";
import type { Workload, WorkloadKind } from "../../../tools/kubernetes/workloads.ts";

function object(
  kind: WorkloadKind,
  spec: Record<string, unknown>,
  status: Record<string, unknown>,
  generation = 2,
) {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name: "web", namespace: "shop", generation },
    spec,
    status,
  } as Workload;
}

const ref = (kind: WorkloadKind) => ({ namespace: "shop", kind, name: "web" });

describe("Deployment rollout status", () => {
  const state = (spec: Record<string, unknown>, status: Record<string, unknown>, generation?: number) =>
    rolloutState(ref("Deployment"), object("Deployment", spec, status, generation));

  it("waits until the controller has observed the latest generation", () => {
    expect(state({ replicas: 3 }, { observedGeneration: 1, replicas: 3, updatedReplicas: 3 })).toEqual({
      done: false,
      failed: false,
      message: "Waiting for deployment spec update to be observed...",
    });
    expect(state({ replicas: 1 }, {}, 1).message).toBe(
      "Waiting for deployment spec update to be observed...",
    );
  });

  it("fails when the progress deadline was exceeded", () => {
    const result = state(
      { replicas: 3 },
      {
        observedGeneration: 2,
        conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
      },
    );
    expect(result).toEqual({
      done: false,
      failed: true,
      message: 'deployment "web" exceeded its progress deadline',
    });
  });

  it("reports each waiting stage with kubectl's wording", () => {
    expect(state({ replicas: 3 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 1 }).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(state({ replicas: 3 }, { observedGeneration: 2, replicas: 4, updatedReplicas: 3 }).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    );
    expect(
      state({ replicas: 3 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 1 })
        .message,
    ).toBe('Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...');
  });

  it("is done when every replica is updated and available", () => {
    expect(
      state(
        { replicas: 3 },
        { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
      ),
    ).toEqual({ done: true, failed: false, message: 'deployment "web" successfully rolled out' });
    expect(state({ replicas: 0 }, { observedGeneration: 2 }).done).toBe(true);
  });
});

describe("StatefulSet rollout status", () => {
  const rolling = (partition?: number) => ({
    type: "RollingUpdate",
    rollingUpdate: partition === undefined ? undefined : { partition },
  });
  const state = (spec: Record<string, unknown>, status: Record<string, unknown>) =>
    rolloutState(ref("StatefulSet"), object("StatefulSet", spec, status));

  it("waits for the spec to be observed (observedGeneration 0 counts as not observed)", () => {
    expect(state({ replicas: 2, updateStrategy: rolling(0) }, { observedGeneration: 0 }).message).toBe(
      "Waiting for statefulset spec update to be observed...",
    );
  });

  it("waits for ready pods, then for the partitioned roll out", () => {
    expect(
      state({ replicas: 3, updateStrategy: rolling(0) }, { observedGeneration: 2, readyReplicas: 1 }).message,
    ).toBe("Waiting for 2 pods to be ready...");
    expect(
      state(
        { replicas: 3, updateStrategy: rolling(1) },
        { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1 },
      ),
    ).toEqual({
      done: false,
      failed: false,
      message: "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...",
    });
    expect(
      state(
        { replicas: 3, updateStrategy: rolling(1) },
        { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 2 },
      ),
    ).toEqual({
      done: true,
      failed: false,
      message: "partitioned roll out complete: 2 new pods have been updated...",
    });
  });

  it("compares revisions when there are no rollingUpdate parameters", () => {
    const spec = { replicas: 2, updateStrategy: { type: "RollingUpdate" } };
    expect(
      state(spec, {
        observedGeneration: 2,
        readyReplicas: 2,
        updatedReplicas: 1,
        currentRevision: "a",
        updateRevision: "b",
      }).message,
    ).toBe("waiting for statefulset rolling update to complete 1 pods at revision b...");
    expect(
      state(spec, {
        observedGeneration: 2,
        readyReplicas: 2,
        currentReplicas: 2,
        currentRevision: "b",
        updateRevision: "b",
      }),
    ).toEqual({
      done: true,
      failed: false,
      message: "statefulset rolling update complete 2 pods at revision b...",
    });
  });

  it("refuses OnDelete, as kubectl does", () => {
    expect(() =>
      state({ replicas: 1, updateStrategy: { type: "OnDelete" } }, { observedGeneration: 2 }),
    ).toThrow(/only available for the RollingUpdate strategy type \(it uses OnDelete\)/);
  });
});

describe("DaemonSet rollout status", () => {
  const spec = { updateStrategy: { type: "RollingUpdate" } };
  const state = (status: Record<string, unknown>) =>
    rolloutState(ref("DaemonSet"), object("DaemonSet", spec, status));

  it("walks through observed, updated and available", () => {
    expect(state({ observedGeneration: 1 }).message).toBe(
      "Waiting for daemon set spec update to be observed...",
    );
    expect(
      state({ observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 1 }).message,
    ).toBe('Waiting for daemon set "web" rollout to finish: 1 out of 3 new pods have been updated...');
    expect(
      state({
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      }).message,
    ).toBe('Waiting for daemon set "web" rollout to finish: 2 of 3 updated pods are available...');
    expect(
      state({
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
      }),
    ).toEqual({ done: true, failed: false, message: 'daemon set "web" successfully rolled out' });
  });

  it("maps the DaemonSet counters onto the common replica names", () => {
    const daemonSet = object("DaemonSet", spec, {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      updatedNumberScheduled: 2,
      numberReady: 2,
      numberAvailable: 1,
    });
    expect(replicaCounts("DaemonSet", daemonSet)).toEqual({
      desired: 3,
      current: 3,
      updated: 2,
      ready: 2,
      available: 1,
    });
  });
});
