import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import type { KubeObject, ManagedFieldsEntry } from "../types.ts";
import { recordUpdateManager } from "./managed-fields.ts";
import { serverSideApply } from "./server-side-apply.ts";
import { deployment, resourceOf } from "./test-fixtures.ts";

const resource = resourceOf("Deployment");
const now = "2026-11-25T10:00:00Z";

function applied(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "shop", ...metadata },
    spec,
  };
}

function apply(live: KubeObject | undefined, config: KubeObject, manager: string, force = false): KubeObject {
  return serverSideApply({ live, applied: config, resource, manager, force, now });
}

function entry(object: KubeObject, manager: string): ManagedFieldsEntry | undefined {
  return object.metadata.managedFields?.find((candidate) => candidate.manager === manager);
}

function failure(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

const baseSpec = {
  replicas: 3,
  selector: { matchLabels: { app: "web" } },
  template: {
    metadata: { labels: { app: "web" } },
    spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
  },
};

describe("server-side apply", () => {
  it("creates a missing object and records the applier's fields", () => {
    const created = apply(undefined, applied(baseSpec, { labels: { app: "web" } }), "skyflo");
    expect(created.spec).toEqual(baseSpec);
    expect(created.metadata).toMatchObject({ name: "web", namespace: "shop", labels: { app: "web" } });
    const mine = entry(created, "skyflo");
    expect(mine).toMatchObject({
      operation: "Apply",
      apiVersion: "apps/v1",
      time: now,
      fieldsType: "FieldsV1",
    });
    expect(mine?.fieldsV1).toEqual({
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:template": {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": { "f:containers": { 'k:{"name":"web"}': { ".": {}, "f:name": {}, "f:image": {} } } },
        },
      },
    });
  });

  it("conflicts when another manager owns a field the applier sets to a different value", () => {
    const live = apply(undefined, applied(baseSpec), "skyflo");
    const scaled = recordUpdateManager({
      before: live,
      after: { ...live, spec: { ...(live.spec as object), replicas: 5 } },
      manager: "kubectl-scale",
      now,
      resource,
      subresource: undefined,
    });
    const error = failure(() => apply(scaled, applied({ ...baseSpec, replicas: 3 }), "skyflo"));
    expect(error.code).toBe(409);
    expect(error.reason).toBe("Conflict");
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas',
    );
    expect(error.details?.causes).toEqual([
      {
        type: "FieldManagerConflict",
        message: 'conflict with "kubectl-scale" using apps/v1',
        field: ".spec.replicas",
      },
    ]);
    expect(error.toStatus()).toMatchObject({ kind: "Status", code: 409, reason: "Conflict" });
  });

  it("lists several conflicts grouped by manager", () => {
    const live = apply(undefined, applied(baseSpec), "alice");
    const error = failure(() =>
      apply(
        live,
        applied({
          ...baseSpec,
          replicas: 9,
          template: { spec: { containers: [{ name: "web", image: "nginx:2" }] } },
        }),
        "bob",
      ),
    );
    expect(error.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
    );
    expect(error.details?.causes?.map((cause) => cause.field)).toEqual([
      ".spec.replicas",
      '.spec.template.spec.containers[name="web"].image',
    ]);
  });

  it("shares ownership when two appliers set the same value", () => {
    const live = apply(undefined, applied(baseSpec), "alice");
    const shared = apply(live, applied({ replicas: 3 }), "bob");
    expect(entry(shared, "alice")?.fieldsV1).toHaveProperty(["f:spec", "f:replicas"]);
    expect(entry(shared, "bob")?.fieldsV1).toEqual({ "f:spec": { "f:replicas": {} } });
    // Alice stops applying replicas: Bob still owns it, so the value stays.
    const { replicas: _replicas, ...withoutReplicas } = baseSpec;
    const after = apply(shared, applied(withoutReplicas), "alice");
    expect((after.spec as { replicas: number }).replicas).toBe(3);
    expect(entry(after, "alice")?.fieldsV1).not.toHaveProperty(["f:spec", "f:replicas"]);
  });

  it("moves ownership with force", () => {
    const live = apply(undefined, applied(baseSpec), "alice");
    const forced = apply(live, applied({ replicas: 7 }), "bob", true);
    expect((forced.spec as { replicas: number }).replicas).toBe(7);
    expect(entry(forced, "bob")?.fieldsV1).toEqual({ "f:spec": { "f:replicas": {} } });
    expect(entry(forced, "alice")?.fieldsV1).not.toHaveProperty(["f:spec", "f:replicas"]);
    expect(entry(forced, "alice")?.fieldsV1).toHaveProperty(["f:spec", "f:selector"]);
  });

  it("removes fields the applier no longer applies when no one else owns them", () => {
    const withLabels = applied(
      {
        ...baseSpec,
        template: {
          ...baseSpec.template,
          spec: {
            containers: [
              { name: "web", image: "nginx:1.27" },
              { name: "sidecar", image: "envoy" },
            ],
          },
        },
      },
      { labels: { app: "web", tier: "front" } },
    );
    const live = apply(undefined, withLabels, "skyflo");
    const next = apply(live, applied(baseSpec, { labels: { app: "web" } }), "skyflo");
    expect(next.metadata.labels).toEqual({ app: "web" });
    const containers = (next.spec as typeof baseSpec).template.spec.containers;
    expect(containers.map((c) => c.name)).toEqual(["web"]);
  });

  it("keeps a list item another manager still owns part of", () => {
    const live = apply(
      undefined,
      applied({
        template: {
          spec: {
            containers: [
              { name: "web", image: "a" },
              { name: "side", image: "b" },
            ],
          },
        },
      }),
      "alice",
    );
    const bobSetsEnv = apply(
      live,
      applied({ template: { spec: { containers: [{ name: "side", env: [{ name: "X", value: "1" }] }] } } }),
      "bob",
    );
    const after = apply(
      bobSetsEnv,
      applied({ template: { spec: { containers: [{ name: "web", image: "a" }] } } }),
      "alice",
    );
    const containers = (after.spec as typeof baseSpec).template.spec.containers as Record<string, unknown>[];
    expect(containers).toEqual([
      { name: "web", image: "a" },
      { name: "side", env: [{ name: "X", value: "1" }] },
    ]);
  });

  it("merges keyed lists item by item and keeps fields set by other managers", () => {
    const live = recordUpdateManager({
      before: undefined,
      after: deployment(),
      manager: "kubectl-create",
      now,
      resource,
    });
    const result = apply(
      live,
      applied({ template: { spec: { containers: [{ name: "sidecar", image: "envoy:1.31" }] } } }),
      "skyflo",
      true,
    );
    const containers = (result.spec as typeof baseSpec).template.spec.containers as Record<string, unknown>[];
    expect(containers.map((c) => [c.name, c.image])).toEqual([
      ["web", "nginx:1.27"],
      ["sidecar", "envoy:1.31"],
    ]);
    expect(result.metadata.uid).toBe("uid-web");
    expect(result.status).toEqual({ replicas: 3, readyReplicas: 3 });
  });

  it("treats an object with no managedFields as owned by before-first-apply", () => {
    const error = failure(() => apply(deployment(), applied({ replicas: 5 }), "skyflo"));
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
    const same = apply(deployment(), applied({ replicas: 3 }), "skyflo");
    expect(same.metadata.managedFields?.map((e) => e.manager)).toEqual(["before-first-apply", "skyflo"]);
  });

  it("ignores status, server-set metadata and nulls in the applied configuration", () => {
    const config = applied(
      { replicas: 2, paused: null },
      { uid: undefined, resourceVersion: undefined, annotations: null },
    );
    config.status = { replicas: 99 };
    config.metadata.managedFields = [
      { manager: "evil", operation: "Apply", apiVersion: "apps/v1", fieldsType: "FieldsV1", fieldsV1: {} },
    ];
    const created = apply(undefined, config, "skyflo");
    expect(created.status).toBeUndefined();
    expect(created.spec).toEqual({ replicas: 2 });
    expect(created.metadata.managedFields?.map((e) => e.manager)).toEqual(["skyflo"]);
  });

  it("rejects bodies that are not a manifest of this resource with 400", () => {
    const missingKind = failure(() =>
      apply(
        undefined,
        { apiVersion: "apps/v1", metadata: { name: "web" } } as unknown as KubeObject,
        "skyflo",
      ),
    );
    expect(missingKind.code).toBe(400);
    expect(missingKind.message).toContain("must set apiVersion and kind");
    const missingVersion = failure(() =>
      apply(undefined, { kind: "Deployment", metadata: { name: "web" } } as unknown as KubeObject, "skyflo"),
    );
    expect(missingVersion.code).toBe(400);
    const wrongKind = failure(() =>
      apply(undefined, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web" } }, "skyflo"),
    );
    expect(wrongKind.code).toBe(400);
    expect(wrongKind.message).toContain("serves apps/v1 Deployment");
    expect(failure(() => apply(undefined, [] as unknown as KubeObject, "skyflo")).code).toBe(400);
    expect(failure(() => apply(undefined, applied({}), " ")).message).toContain("fieldManager");
    const noName = failure(() =>
      apply(undefined, { apiVersion: "apps/v1", kind: "Deployment", metadata: {} }, "skyflo"),
    );
    expect(noName.message).toContain("metadata.name");
  });

  it("refuses a uid precondition that does not match", () => {
    const live = apply(undefined, applied(baseSpec), "skyflo");
    const error = failure(() =>
      apply({ ...live, metadata: { ...live.metadata, uid: "u1" } }, applied({}, { uid: "u2" }), "skyflo"),
    );
    expect(error.code).toBe(409);
    expect(error.message).toContain("Precondition failed: UID");
  });

  it("applies to the status subresource with its own manager entry", () => {
    const live = apply(undefined, applied(baseSpec), "skyflo");
    const result = serverSideApply({
      live,
      applied: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: { replicas: 50 },
        status: { readyReplicas: 2 },
      },
      resource,
      manager: "controller",
      force: false,
      now,
      subresource: "status",
    });
    expect(result.status).toEqual({ readyReplicas: 2 });
    expect((result.spec as { replicas: number }).replicas).toBe(3);
    expect(entry(result, "controller")).toMatchObject({
      subresource: "status",
      fieldsV1: { "f:status": { "f:readyReplicas": {} } },
    });
  });
});
