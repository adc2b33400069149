// Compact views of objects: kubectl's AGE column, readiness of workloads and pods.
import { describe, expect, it } from "vitest";
import {
  formatAge,
  objectRow,
  podState,
  statusPhrase,
  withoutManagedFields,
} from "../../../tools/kubernetes/object-summary.ts";

const now = Date.parse("2026-01-10T12:00:00Z");
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe("formatAge", () => {
  it.each([
    [5, "5s"],
    [119, "119s"],
    [600, "10m"],
    [3600 + 20 * 60, "1h20m"],
    [9 * 3600 + 60, "9h"],
    [2 * 86400 + 3 * 3600, "2d3h"],
    [30 * 86400, "30d"],
  ])("%i seconds → %s", (seconds, expected) => {
    expect(formatAge(ago(seconds), now)).toBe(expected);
  });

  it("says unknown for missing or bad timestamps", () => {
    expect(formatAge(undefined, now)).toBe("<unknown>");
    expect(formatAge("not a date", now)).toBe("<unknown>");
  });
});

describe("rows and states", () => {
  it("shows ready/desired for workloads", () => {
    const row = objectRow(
      {
        kind: "Deployment",
        metadata: { name: "web", namespace: "shop", creationTimestamp: ago(60) },
        spec: { replicas: 3 },
        status: { readyReplicas: 2 },
      },
      now,
    );
    expect(row).toEqual({ name: "web", namespace: "shop", age: "60s", ready: "2/3" });
    expect(statusPhrase({ kind: "DaemonSet", status: { numberReady: 4, desiredNumberScheduled: 5 } })).toBe(
      "4/5 ready",
    );
  });

  it("shows a pod's waiting reason as its status, as kubectl does", () => {
    const pod = {
      kind: "Pod",
      metadata: { name: "web-1" },
      spec: { containers: [{ name: "a" }, { name: "b" }] },
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "a", ready: true, restartCount: 1 },
          { name: "b", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } } },
        ],
      },
    };
    expect(podState(pod)).toEqual({
      phase: "Running",
      ready: "1/2",
      restarts: 5,
      waitingReasons: ["CrashLoopBackOff"],
      status: "CrashLoopBackOff",
    });
  });

  it("drops managedFields only", () => {
    expect(withoutManagedFields({ metadata: { name: "a", managedFields: [{}] } })).toEqual({
      metadata: { name: "a" },
    });
  });
});
