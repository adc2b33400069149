import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.ts";
import { applyPatch } from "./apply-patch.ts";
import { deployment, resourceOf } from "./test-fixtures.ts";

const resource = resourceOf("Deployment");

function patchError(patch: unknown): ApiError {
  try {
    applyPatch({ type: "json", live: deployment(), patch, resource });
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the patch to fail");
}

describe("JSON patch (RFC 6902)", () => {
  it("applies replace, add, remove and test in order without mutating the live object", () => {
    const live = deployment();
    const result = applyPatch({
      type: "json",
      live,
      resource,
      patch: [
        { op: "test", path: "/spec/replicas", value: 3 },
        { op: "replace", path: "/spec/replicas", value: 5 },
        { op: "add", path: "/metadata/labels/tier", value: "front" },
        { op: "remove", path: "/spec/template/spec/containers/1" },
        { op: "add", path: "/spec/template/spec/containers/0/env/-", value: { name: "X", value: "1" } },
      ],
    }) as unknown as { spec: { replicas: number; template: { spec: { containers: { env: unknown[] }[] } } } };
    expect(result.spec.replicas).toBe(5);
    expect(result.spec.template.spec.containers).toHaveLength(1);
    expect(result.spec.template.spec.containers[0]?.env).toContainEqual({ name: "X", value: "1" });
    expect((live.spec as { replicas: number }).replicas).toBe(3);
  });

  it("answers a failing test op with 422 naming the operation and path", () => {
    const error = patchError([{ op: "test", path: "/spec/replicas", value: 9 }]);
    expect(error.code).toBe(422);
    expect(error.reason).toBe("Invalid");
    expect(error.message).toContain("operation 0 (test /spec/replicas)");
    expect(error.message).toContain("expected 9");
  });

  it("answers a path into nothing with 422", () => {
    const error = patchError([
      { op: "replace", path: "/spec/replicas", value: 2 },
      { op: "remove", path: "/spec/nothing/here" },
    ]);
    expect(error.code).toBe(422);
    expect(error.message).toContain("operation 1 (remove /spec/nothing/here)");
    expect(error.message).toContain("does not exist");
    expect(error.details?.causes?.[0]?.field).toBe("/spec/nothing/here");
  });

  it("answers a patch that is not an array of operations with 400", () => {
    const notArray = patchError({ op: "replace", path: "/spec/replicas", value: 2 });
    expect(notArray.code).toBe(400);
    expect(notArray.message).toContain("expected an array of operations");
    const badOp = patchError([{ op: "frobnicate", path: "/spec" }]);
    expect(badOp.code).toBe(400);
    expect(badOp.message).toContain("op must be one of");
    const missingValue = patchError([{ op: "add", path: "/spec/x" }]);
    expect(missingValue.code).toBe(400);
    expect(missingValue.message).toContain('"value" is required');
  });

  it("refuses to patch away the object's identity", () => {
    expect(patchError([{ op: "replace", path: "/metadata/name", value: "other" }]).message).toContain(
      "does not match the name on the URL (web)",
    );
    expect(patchError([{ op: "remove", path: "/metadata" }]).code).toBe(422);
    expect(patchError([{ op: "replace", path: "/kind", value: "Pod" }]).code).toBe(400);
    const uid = patchError([{ op: "replace", path: "/metadata/uid", value: "other" }]);
    expect(uid.code).toBe(409);
    expect(uid.message).toContain("Precondition failed: UID");
  });
});
