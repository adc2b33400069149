import { describe, expect, it } from "vitest";
import { MAX_CHECK_SUMMARY } from "../../../app/render/check-summary-limit.ts";
import { renderVerifyCheckSummary, verifyCheckTitle } from "../../../app/render/verify-check.ts";
import type { IntentResult, Verification } from "../../../app/verify/types.ts";
import { planOf, scaleStep, webReplicasIntent } from "../persist/persist-fixtures.ts";
import { htmlParts, tables } from "./markdown-structure.ts";

const rolledOut = {
  id: "web-rolled-out",
  check: "k8s_rollout_complete",
  args: { namespace: "shop", kind: "Deployment", name: "web" },
  timeoutSeconds: 300,
};
const { plan } = planOf([scaleStep()], [webReplicasIntent, rolledOut]);

const result = (overrides: Partial<IntentResult>): IntentResult => ({
  id: "web-replicas",
  check: "k8s_field_equals",
  expected: "spec.replicas = 5",
  observed: "spec.replicas = 5",
  status: "passed",
  durationMs: 40,
  ...overrides,
});

const HEADER = ["Result", "Intent", "Check", "Target", "Expected", "Observed", "Took"];

describe("renderVerifyCheckSummary", () => {
  it("shows each intent with what it expected, what the cluster showed and how it ended", () => {
    const verification: Verification = {
      conclusion: "failure",
      results: [
        result({}),
        result({
          id: "web-rolled-out",
          check: "k8s_rollout_complete",
          expected: "rollout complete",
          observed: "ProgressDeadlineExceeded: 3 of 5 updated replicas available",
          status: "failed",
          durationMs: 12_300,
        }),
      ],
    };
    const summary = renderVerifyCheckSummary({ verification, plan });
    expect(tables(summary)).toEqual([
      [
        HEADER,
        [
          "✅ passed",
          "web-replicas",
          "k8s_field_equals",
          "Deployment/shop/web",
          "spec.replicas = 5",
          "spec.replicas = 5",
          "40 ms",
        ],
        [
          "❌ failed",
          "web-rolled-out",
          "k8s_rollout_complete",
          "Deployment/shop/web",
          "rollout complete",
          "ProgressDeadlineExceeded: 3 of 5 updated replicas available",
          "12.3 s",
        ],
      ],
    ]);
    expect(summary.startsWith("Plan `42-ship-web`: At least one intent of the plan does not hold")).toBe(
      true,
    );
  });

  it("works without the plan (no targets) and for timed-out intents", () => {
    const summary = renderVerifyCheckSummary({
      verification: {
        conclusion: "timed_out",
        results: [result({ status: "timed_out", observed: "spec.replicas = 3" })],
      },
    });
    expect(tables(summary)[0]?.[1]).toEqual([
      "⌛ timed out",
      "web-replicas",
      "k8s_field_equals",
      "—",
      "spec.replicas = 5",
      "spec.replicas = 3",
      "40 ms",
    ]);
    expect(summary.startsWith("At least one intent did not settle before its deadline")).toBe(true);
  });

  it("says so when the plan has nothing to verify", () => {
    const summary = renderVerifyCheckSummary({ verification: { conclusion: "success", results: [] }, plan });
    expect(tables(summary)).toEqual([]);
    expect(summary).toContain("The plan declares no intents to verify.");
  });

  it("keeps hostile observed values literal (names and images come from the cluster)", () => {
    const hostile =
      "img | x\n|---|\n<script>alert(1)</script> ![x](https://evil.example/p.png) @org/team ~~gone~~";
    const summary = renderVerifyCheckSummary({
      verification: {
        conclusion: "failure",
        results: [result({ status: "failed", observed: hostile, expected: hostile })],
      },
      plan,
    });
    const [table] = tables(summary);
    expect(table).toHaveLength(2);
    expect(table?.[1]).toHaveLength(7);
    const flat = hostile.replace(/\s*\n\s*/g, " ").replace("@org", "@\u200Borg");
    expect(table?.[1]?.[4]).toBe(flat);
    expect(table?.[1]?.[5]).toBe(flat);
    expect(htmlParts(summary)).toEqual([]);
    expect(summary).not.toMatch(/(^|[^\\])!\[x\]/);
  });

  it("stays within GitHub's limit for 50 intents with huge observations", () => {
    const huge = "`|".repeat(30_000);
    const results = Array.from({ length: 50 }, (_, i) =>
      result({ id: `intent-${i}`, observed: huge, expected: huge }),
    );
    const summary = renderVerifyCheckSummary({ verification: { conclusion: "failure", results } });
    expect(summary.length).toBeLessThanOrEqual(MAX_CHECK_SUMMARY);
    expect(tables(summary)[0]).toHaveLength(51);
  });
});

describe("verifyCheckTitle", () => {
  it("states the conclusion with counts", () => {
    expect(verifyCheckTitle({ conclusion: "success", results: [result({}), result({ id: "b" })] })).toBe(
      "Verified: 2 of 2 intents passed",
    );
    expect(verifyCheckTitle({ conclusion: "success", results: [] })).toBe(
      "Nothing to verify: the plan has no intents",
    );
    expect(
      verifyCheckTitle({
        conclusion: "failure",
        results: [result({ status: "failed" }), result({ id: "b" })],
      }),
    ).toBe("Verification failed: 1 of 2 intents failed");
    expect(verifyCheckTitle({ conclusion: "timed_out", results: [result({ status: "timed_out" })] })).toBe(
      "Verification timed out: 1 of 1 intent did not settle in time",
    );
  });
});
