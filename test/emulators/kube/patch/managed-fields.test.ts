import { describe, expect, it } from "vitest";
import type { KubeObject } from "../types.ts";
import { recordUpdateManager } from "./managed-fields.ts";
import { serverSideApply } from "./server-side-apply.ts";
import { deployment, resourceOf } from "./test-fixtures.ts";

const resource = resourceOf("Deployment");

function withReplicas(object: KubeObject, replicas: number): KubeObject {
  return { ...object, spec: { ...(object.spec as object), replicas } };
}

describe("recordUpdateManager", () => {
  it("gives the creating manager every field it set", () => {
    const created = recordUpdateManager({
      before: undefined,
      after: deployment(),
      manager: "kubectl-create",
      now: "t1",
      resource,
    });
    const [only] = created.metadata.managedFields ?? [];
    expect(only).toMatchObject({
      manager: "kubectl-create",
      operation: "Update",
      apiVersion: "apps/v1",
      time: "t1",
    });
    expect(only?.fieldsV1).toHaveProperty(["f:spec", "f:replicas"]);
    expect(only?.fieldsV1).toHaveProperty(["f:metadata", "f:labels", "f:app"]);
    expect(only?.fieldsV1).not.toHaveProperty(["f:status"]);
    expect(only?.fieldsV1).not.toHaveProperty(["f:metadata", "f:name"]);
  });

  it("moves the fields a write changed to its manager and takes them from others", () => {
    const created = recordUpdateManager({
      before: undefined,
      after: deployment(),
      manager: "kubectl-create",
      now: "t1",
      resource,
    });
    const scaled = recordUpdateManager({
      before: created,
      after: withReplicas(created, 5),
      manager: "kubectl-scale",
      now: "t2",
      subresource: "scale",
      resource,
    });
    const entries = scaled.metadata.managedFields ?? [];
    expect(entries.map((e) => [e.manager, e.subresource])).toEqual([
      ["kubectl-create", undefined],
      ["kubectl-scale", "scale"],
    ]);
    expect(entries[0]?.fieldsV1).not.toHaveProperty(["f:spec", "f:replicas"]);
    expect(entries[1]?.fieldsV1).toEqual({ "f:spec": { "f:replicas": {} } });
    expect(entries[0]?.time).toBe("t1");
  });

  it("drops fields that no longer exist and managers left with nothing", () => {
    const created = recordUpdateManager({
      before: undefined,
      after: deployment(),
      manager: "a",
      now: "t1",
      resource,
    });
    const labelled = recordUpdateManager({
      before: created,
      after: { ...created, metadata: { ...created.metadata, labels: { app: "web", tier: "x" } } },
      manager: "b",
      now: "t2",
      resource,
    });
    expect(labelled.metadata.managedFields?.map((e) => e.manager)).toEqual(["a", "b"]);
    const unlabelled = recordUpdateManager({
      before: labelled,
      after: { ...labelled, metadata: { ...labelled.metadata, labels: { app: "web" } } },
      manager: "a",
      now: "t3",
      resource,
    });
    expect(unlabelled.metadata.managedFields?.map((e) => e.manager)).toEqual(["a"]);
  });

  it("leaves managedFields untouched by a write that changes nothing", () => {
    const created = recordUpdateManager({
      before: undefined,
      after: deployment(),
      manager: "a",
      now: "t1",
      resource,
    });
    const again = recordUpdateManager({ before: created, after: created, manager: "a", now: "t9", resource });
    expect(again.metadata.managedFields).toEqual(created.metadata.managedFields);
    const other = recordUpdateManager({ before: created, after: created, manager: "b", now: "t9", resource });
    expect(other.metadata.managedFields?.map((e) => e.manager)).toEqual(["a"]);
  });

  it("tracks status writes under the status subresource only", () => {
    const created = recordUpdateManager({
      before: undefined,
      after: deployment(),
      manager: "a",
      now: "t1",
      resource,
    });
    const status = recordUpdateManager({
      before: created,
      after: { ...created, status: { replicas: 3, readyReplicas: 2 } },
      manager: "kube-controller-manager",
      now: "t2",
      subresource: "status",
      resource,
    });
    const controller = status.metadata.managedFields?.find((e) => e.manager === "kube-controller-manager");
    expect(controller).toMatchObject({
      subresource: "status",
      fieldsV1: { "f:status": { "f:readyReplicas": {} } },
    });
  });

  it("attributes an untracked object's fields to before-first-apply", () => {
    const scaled = recordUpdateManager({
      before: deployment(),
      after: withReplicas(deployment(), 4),
      manager: "kubectl-scale",
      now: "t2",
      resource,
    });
    expect(scaled.metadata.managedFields?.map((e) => e.manager)).toEqual([
      "before-first-apply",
      "kubectl-scale",
    ]);
  });

  it("makes a later apply by another manager conflict, as on a real server", () => {
    const created = recordUpdateManager({
      before: undefined,
      after: deployment(),
      manager: "kubectl-create",
      now: "t1",
      resource,
    });
    expect(() =>
      serverSideApply({
        live: created,
        applied: {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web" },
          spec: { replicas: 1 },
        },
        resource,
        manager: "skyflo",
        force: false,
        now: "t2",
      }),
    ).toThrow('conflict with "kubectl-create" using apps/v1: .spec.replicas');
  });

  it("infers the resource from apiVersion/kind when the caller does not pass it", () => {
    const created = recordUpdateManager({ before: undefined, after: deployment(), manager: "a", now: "t1" });
    expect(created.metadata.managedFields?.[0]?.fieldsV1).toHaveProperty([
      "f:spec",
      "f:template",
      "f:spec",
      "f:containers",
      'k:{"name":"web"}',
    ]);
    expect(created.metadata.managedFields?.[0]?.fieldsV1).not.toHaveProperty(["f:status"]);
  });
});
