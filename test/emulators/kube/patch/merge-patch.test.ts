import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { applyPatch } from "./apply-patch.ts";
import { applyMergePatch } from "./merge-patch.ts";
import { deployment, resourceOf, rolloutsResource } from "./test-fixtures.ts";

describe("JSON merge patch (RFC 7386)", () => {
  it("follows the RFC examples", () => {
    expect(applyMergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(applyMergePatch({ a: "b" }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: ["b"] }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: { b: "c" } }, { a: { b: "d", c: null } })).toEqual({ a: { b: "d" } });
    expect(applyMergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch([], { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it("replaces lists whole and deletes keys set to null on a Deployment", () => {
    const result = applyPatch({
      type: "merge",
      live: deployment(),
      resource: resourceOf("Deployment"),
      patch: {
        metadata: { labels: { app: null, tier: "front" } },
        spec: { template: { spec: { containers: [{ name: "web", image: "nginx:1.28" }] } } },
      },
    }) as unknown as {
      metadata: { labels: unknown };
      spec: { template: { spec: { containers: unknown[] } } };
    };
    expect(result.metadata.labels).toEqual({ tier: "front" });
    expect(result.spec.template.spec.containers).toEqual([{ name: "web", image: "nginx:1.28" }]);
  });

  it("works on custom resources", () => {
    const live = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: { name: "r", namespace: "shop" },
      spec: { replicas: 1 },
    };
    const result = applyPatch({
      type: "merge",
      live,
      resource: rolloutsResource,
      patch: { spec: { replicas: 4 } },
    });
    expect(result.spec).toEqual({ replicas: 4 });
  });

  it("rejects a patch that is not an object with 400", () => {
    for (const patch of [[1], "x", 3, null]) {
      let caught: unknown;
      try {
        applyPatch({ type: "merge", live: deployment(), resource: resourceOf("Deployment"), patch });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ApiError);
      expect((caught as ApiError).code).toBe(400);
      expect((caught as ApiError).message).toContain("must be a JSON object");
    }
  });
});
