import { describe, expect, it } from "vitest";
import { formatPlanError } from "../../../app/plan/index.ts";
import { formatPath, sortPlanErrors } from "../../../app/plan/plan-error.ts";

describe("formatPlanError", () => {
  it("prints path, message and line", () => {
    expect(
      formatPlanError({
        path: "steps[1].args.replicas",
        message: "expected a whole number ≥ 0, got -1",
        line: 14,
        column: 20,
      }),
    ).toBe("steps[1].args.replicas: expected a whole number ≥ 0, got -1 (line 14)");
  });

  it("leaves out what is not known", () => {
    expect(formatPlanError({ path: "", message: "the file is empty" })).toBe("the file is empty");
    expect(formatPlanError({ path: "kind", message: 'expected "Plan"' })).toBe('kind: expected "Plan"');
  });
});

describe("formatPath", () => {
  it("uses dots for names, brackets for indexes and for keys that are not plain names", () => {
    expect(formatPath([])).toBe("");
    expect(formatPath(["steps", 1, "args", "replicas"])).toBe("steps[1].args.replicas");
    expect(formatPath(["args", "app.kubernetes.io/name", "a-b", "a b", ""])).toBe(
      'args["app.kubernetes.io/name"].a-b["a b"][""]',
    );
    expect(formatPath([0, "x"])).toBe("[0].x");
  });
});

describe("sortPlanErrors", () => {
  it("orders by line and column, keeps file-level errors first and drops exact repeats", () => {
    const sorted = sortPlanErrors([
      { path: "b", message: "m", line: 9, column: 1 },
      { path: "a", message: "m", line: 2, column: 5 },
      { path: "", message: "file" },
      { path: "a", message: "m", line: 2, column: 5 },
      { path: "c", message: "m", line: 2, column: 1 },
    ]);
    expect(sorted.map((e) => e.path)).toEqual(["", "c", "a", "b"]);
  });
});
