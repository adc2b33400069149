// The RunRecordSchema extensions issue 4 needed: review ids, steps that never started, and
// pending/running steps only while the run is in progress.
import { describe, expect, it } from "vitest";
import { type RunRecord, RunRecordSchema } from "../../../app/plan/index.ts";

function record(): RunRecord {
  return {
    apiVersion: "skyflo/v1",
    kind: "RunRecord",
    planId: "42-scale-web",
    planDigest: `sha256:${"ab".repeat(32)}`,
    request: { text: "scale web", by: "alice", url: "https://github.com/acme/shop/issues/42" },
    approval: {
      headSha: "0123456789abcdef0123456789abcdef01234567",
      approvers: [{ login: "bob", reviewId: 99, at: "2026-11-25T10:05:00Z" }],
    },
    steps: [
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { replicas: 5 },
        status: "failed",
        startedAt: "2026-11-25T10:06:00Z",
        error: "500",
      },
      { id: "restart-web", tool: "k8s_rollout_restart", args: {}, status: "skipped" },
    ],
    verification: [],
    startedAt: "2026-11-25T10:06:00Z",
    finishedAt: "2026-11-25T10:07:00Z",
    outcome: "failed",
    verificationConclusion: "failure",
    reason: "Step scale-web failed.",
  };
}

const messages = (value: unknown) =>
  RunRecordSchema.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("RunRecordSchema (issue 4 fields)", () => {
  it("accepts review ids, a skipped step without startedAt, a conclusion and a reason", () => {
    expect(messages(record())).toEqual([]);
  });

  it("refuses a review id that is not a positive integer", () => {
    const r = record();
    r.approval.approvers = [{ login: "bob", reviewId: 0, at: "2026-11-25T10:05:00Z" }];
    expect(messages(r)).toHaveLength(1);
  });

  it("allows pending and running steps only while the run is in progress", () => {
    const r = record();
    const steps = [
      { ...r.steps[0], status: "running" as const },
      { ...r.steps[1], status: "pending" as const },
    ] as RunRecord["steps"];
    expect(messages({ ...r, steps })).toEqual([
      'steps.0.status: a finished run cannot have a step "running": record it as "skipped" (never started) or "unknown" (in flight)',
      'steps.1.status: a finished run cannot have a step "pending": record it as "skipped" (never started) or "unknown" (in flight)',
    ]);
    const { finishedAt: _, ...inProgress } = { ...r, steps, outcome: "in_progress" as const };
    expect(messages(inProgress)).toEqual([]);
  });

  it("needs startedAt for a step that ran", () => {
    const r = record();
    const { startedAt: _, ...notStarted } = r.steps[0] as RunRecord["steps"][number];
    expect(messages({ ...r, steps: [notStarted, r.steps[1]] })).toEqual([
      'steps.0.startedAt: a step that is "failed" needs startedAt',
    ]);
  });

  it("refuses an unknown verification conclusion", () => {
    expect(messages({ ...record(), verificationConclusion: "ok" })).toHaveLength(1);
  });
});
