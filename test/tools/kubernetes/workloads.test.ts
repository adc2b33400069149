// The shared workload helpers: kind aliases, template comparison as kubectl does it, rollback choice.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pickRollbackRevision, type Revision } from "../../../tools/kubernetes/workload-revisions.ts";
import {
  templatesEqualIgnoringHash,
  withoutHashLabel,
  workloadKindInput,
  workloadReference,
} from "../../../tools/kubernetes/workloads.ts";

describe("workload kind argument", () => {
  const kind = workloadKindInput(["Deployment", "StatefulSet", "DaemonSet"]);

  it.each([
    ["Deployment", "Deployment"],
    ["deployment", "Deployment"],
    ["DEPLOYMENTS", "Deployment"],
    ["deploy", "Deployment"],
    ["sts", "StatefulSet"],
    ["StatefulSets", "StatefulSet"],
    ["ds", "DaemonSet"],
    ["daemonset", "DaemonSet"],
  ])("normalises %s to %s", (input, expected) => {
    expect(kind.parse(input)).toBe(expected);
  });

  it("refuses other kinds and says which are accepted", () => {
    const result = kind.safeParse("Secret");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'kind "Secret" is not supported by this tool; use one of Deployment (deploy), StatefulSet (sts), DaemonSet (ds).',
    );
    expect(kind.safeParse("rs").success).toBe(false);
    expect(kind.safeParse("deploy/../secrets").success).toBe(false);
  });

  it("gives the tool's own sentence for a known kind it cannot handle", () => {
    const scaleKind = workloadKindInput(["Deployment"], { DaemonSet: "DaemonSets cannot be scaled." });
    expect(scaleKind.safeParse("ds").error?.issues[0]?.message).toBe("DaemonSets cannot be scaled.");
  });

  it("validates namespace and name as DNS names", () => {
    const ref = z.object(workloadReference());
    expect(ref.safeParse({ namespace: "shop", kind: "deploy", name: "web" }).data).toEqual({
      namespace: "shop",
      kind: "Deployment",
      name: "web",
    });
    expect(ref.safeParse({ namespace: "Shop", kind: "deploy", name: "web" }).success).toBe(false);
    expect(ref.safeParse({ namespace: "shop", kind: "deploy", name: "../web" }).success).toBe(false);
  });
});

describe("pod template comparison", () => {
  const template = {
    metadata: { labels: { app: "web", "pod-template-hash": "abc" } },
    spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
  };

  it("ignores the pod-template-hash label, empty maps and key order", () => {
    const other = {
      metadata: { annotations: {}, labels: { app: "web" } },
      spec: { volumes: [], containers: [{ image: "nginx:1.25", name: "app" }] },
    };
    expect(templatesEqualIgnoringHash(template, other)).toBe(true);
    expect(withoutHashLabel(template).metadata?.labels).toEqual({ app: "web" });
    expect(template.metadata.labels["pod-template-hash"]).toBe("abc"); // the input is not changed
  });

  it("sees a different image", () => {
    const changed = structuredClone(template);
    changed.spec.containers[0] = { name: "app", image: "nginx:1.27" };
    expect(templatesEqualIgnoringHash(template, changed)).toBe(false);
  });
});

describe("rollback revision choice", () => {
  const revision = (n: number): Revision => ({
    revision: n,
    source: `web-${n}`,
    template: {},
    annotations: {},
    changeCause: undefined,
    created: undefined,
    replicas: 0,
  });
  const ref = { namespace: "shop", kind: "Deployment" as const, name: "web" };
  const history = { revisions: [revision(1), revision(3), revision(4)], current: 4 };

  it("takes the second newest revision by default and the named one otherwise", () => {
    expect(pickRollbackRevision(history, ref).revision).toBe(3);
    expect(pickRollbackRevision(history, ref, 1).revision).toBe(1);
  });

  it("lists the existing revisions when the wanted one is missing", () => {
    expect(() => pickRollbackRevision(history, ref, 2)).toThrow(
      'Unable to find revision 2 in the history of Deployment "web" in namespace "shop" (existing revisions: 1, 3, 4).',
    );
    expect(() => pickRollbackRevision({ revisions: [revision(1)], current: 1 }, ref)).toThrow(
      /No rollout history to go back to .* \(existing revisions: 1\)/,
    );
  });
});
