import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import type { KubeObject } from "../types.ts";
import { applyPatch } from "./apply-patch.ts";
import { deployment, resourceOf, rolloutsResource } from "./test-fixtures.ts";

type Container = {
  name: string;
  image?: string;
  env?: { name: string; value?: string }[];
  ports?: unknown[];
};
type PodSpec = {
  containers: Container[];
  volumes?: unknown[];
  tolerations?: unknown[];
  volumeMounts?: unknown;
};

function strategic(patch: unknown, live: KubeObject = deployment()): KubeObject {
  return applyPatch({ type: "strategic", live, patch, resource: resourceOf(live.kind) });
}

function podSpec(object: KubeObject): PodSpec {
  return (object.spec as { template: { spec: PodSpec } }).template.spec;
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

describe("strategic merge patch", () => {
  it("merges containers by name, leaving the other containers alone", () => {
    const result = strategic({
      spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.28" }] } } },
    });
    const containers = podSpec(result).containers;
    expect(containers.map((c) => [c.name, c.image])).toEqual([
      ["web", "nginx:1.28"],
      ["sidecar", "envoy:1.30"],
    ]);
    expect(containers[0]?.env).toHaveLength(2);
  });

  it("merges env by name, ports by containerPort, volumes by name and appends new items", () => {
    const result = strategic({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "web",
                env: [
                  { name: "LOG", value: "debug" },
                  { name: "NEW", value: "1" },
                ],
                ports: [{ containerPort: 80, name: "http" }],
                volumeMounts: [{ mountPath: "/data", name: "data" }],
              },
            ],
            volumes: [{ name: "cache", emptyDir: {} }],
          },
        },
      },
    });
    const spec = podSpec(result);
    const web = spec.containers[0];
    expect(web?.env).toEqual([
      { name: "MODE", value: "prod" },
      { name: "LOG", value: "debug" },
      { name: "NEW", value: "1" },
    ]);
    expect(web?.ports).toEqual([{ containerPort: 80, name: "http" }]);
    expect(spec.volumes).toEqual([
      { name: "data", emptyDir: {} },
      { name: "cache", emptyDir: {} },
    ]);
  });

  it("replaces lists that have no merge key (tolerations, args)", () => {
    const result = strategic({
      spec: { template: { spec: { tolerations: [{ key: "b", operator: "Exists" }] } } },
    });
    expect(podSpec(result).tolerations).toEqual([{ key: "b", operator: "Exists" }]);
  });

  it("merges Service ports by port", () => {
    const service: KubeObject = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 443, targetPort: 8443 },
        ],
      },
    };
    const result = strategic({ spec: { ports: [{ port: 443, targetPort: 9443 }] } }, service);
    expect(result.spec).toEqual({
      ports: [
        { port: 80, targetPort: 8080 },
        { port: 443, targetPort: 9443 },
      ],
    });
  });

  it("deletes keys set to null and list items marked $patch: delete", () => {
    const result = strategic({
      metadata: { labels: { app: null } },
      spec: {
        template: {
          spec: {
            containers: [
              { name: "sidecar", $patch: "delete" },
              { name: "web", env: [{ name: "MODE", $patch: "delete" }] },
            ],
            volumes: null,
          },
        },
      },
    });
    expect(result.metadata.labels).toEqual({});
    const spec = podSpec(result);
    expect(spec.containers.map((c) => c.name)).toEqual(["web"]);
    expect(spec.containers[0]?.env).toEqual([{ name: "LOG", value: "info" }]);
    expect(spec.volumes).toBeUndefined();
  });

  it("honours $patch: replace for maps and lists, and $patch: delete for maps", () => {
    const replacedMap = strategic({ metadata: { labels: { $patch: "replace", only: "this" } } });
    expect(replacedMap.metadata.labels).toEqual({ only: "this" });
    const replacedList = strategic({
      spec: {
        template: { spec: { containers: [{ $patch: "replace" }, { name: "solo", image: "busybox" }] } },
      },
    });
    expect(podSpec(replacedList).containers).toEqual([{ name: "solo", image: "busybox" }]);
    const deletedMap = strategic({ spec: { template: { metadata: { $patch: "delete" } } } });
    expect((deletedMap.spec as { template: Record<string, unknown> }).template.metadata).toBeUndefined();
  });

  it("tolerates $setElementOrder (kubectl sends it) and orders the merged list by it", () => {
    const result = strategic({
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "sidecar" }, { name: "web" }],
            containers: [{ name: "web", image: "nginx:1.28" }],
          },
        },
      },
    });
    expect(podSpec(result).containers.map((c) => c.name)).toEqual(["sidecar", "web"]);
    expect(JSON.stringify(result)).not.toContain("$setElementOrder");
  });

  it("applies $retainKeys and $deleteFromPrimitiveList", () => {
    const live = deployment();
    live.metadata.finalizers = ["a.example/x", "b.example/y"];
    const result = strategic(
      {
        metadata: { "$deleteFromPrimitiveList/finalizers": ["a.example/x"] },
        spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } },
      },
      {
        ...live,
        spec: {
          ...(live.spec as object),
          strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } },
        },
      },
    );
    expect(result.metadata.finalizers).toEqual(["b.example/y"]);
    expect((result.spec as { strategy: unknown }).strategy).toEqual({ type: "Recreate" });
  });

  it("unions finalizers instead of replacing them", () => {
    const live = deployment();
    live.metadata.finalizers = ["a.example/x"];
    expect(
      strategic({ metadata: { finalizers: ["b.example/y", "a.example/x"] } }, live).metadata.finalizers,
    ).toEqual(["a.example/x", "b.example/y"]);
  });

  it("rejects merge-keyed items without their key, unknown directives and non-object patches", () => {
    const noKey = failure(() =>
      strategic({ spec: { template: { spec: { containers: [{ image: "nginx" }] } } } }),
    );
    expect(noKey.code).toBe(422);
    expect(noKey.message).toContain("does not contain declared merge key: name");
    expect(noKey.message).toContain("spec.template.spec.containers");
    const badDirective = failure(() => strategic({ spec: { $patch: "explode" } }));
    expect(badDirective.code).toBe(422);
    expect(badDirective.message).toContain("unknown $patch directive");
    expect(failure(() => strategic([{ op: "add" }])).code).toBe(400);
  });

  it("is refused for custom resources with 415, as kube-apiserver does", () => {
    const live = { apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", metadata: { name: "r" }, spec: {} };
    const error = failure(() =>
      applyPatch({ type: "strategic", live, patch: { spec: {} }, resource: rolloutsResource }),
    );
    expect(error.code).toBe(415);
    expect(error.message).toContain("application/merge-patch+json");
  });
});
