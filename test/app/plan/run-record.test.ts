import { describe, expect, it } from "vitest";
import { type RunRecord, RunRecordSchema } from "../../../app/plan/index.ts";

function record(): RunRecord {
  return {
    apiVersion: "skyflo/v1",
    kind: "RunRecord",
    planId: "42-scale-web",
    planDigest: `sha256:${"ab".repeat(32)}`,
    request: {
      text: "scale web to 5 in shop",
      by: "alice",
      url: "https://github.com/acme/shop/issues/42#issuecomment-1",
    },
    approval: {
      headSha: "0123456789abcdef0123456789abcdef01234567",
      approvers: [{ login: "bob", at: "2026-11-25T10:05:00Z" }],
    },
    steps: [
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 },
        status: "succeeded",
        startedAt: "2026-11-25T10:06:00Z",
        finishedAt: "2026-11-25T10:06:01Z",
        durationMs: 812,
        resultDigest: `sha256:${"cd".repeat(32)}`,
        summary: "scaled shop/web from 3 to 5",
      },
    ],
    verification: [
      {
        id: "web-replicas",
        check: "k8s_field_equals",
        status: "passed",
        expected: 5,
        observed: 5,
        durationMs: 40,
      },
      {
        id: "web-rolled-out",
        check: "k8s_rollout_complete",
        status: "timed_out",
        expected: { ready: 5 },
        observed: { ready: 3 },
      },
    ],
    startedAt: "2026-11-25T10:06:00Z",
    finishedAt: "2026-11-25T10:11:00Z",
    outcome: "verification_failed",
  };
}

/** zod issues as "path: message" for compact assertions. */
function problems(value: unknown): string[] {
  const result = RunRecordSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`);
}

describe("RunRecordSchema", () => {
  it("accepts a complete record", () => {
    expect(RunRecordSchema.parse(record())).toEqual(record());
  });

  it("accepts a run in progress, without finishedAt", () => {
    const inProgress = { ...record(), outcome: "in_progress" as const };
    delete (inProgress as Partial<RunRecord>).finishedAt;
    expect(problems(inProgress)).toEqual([]);
  });

  it("refuses unknown fields, at every level", () => {
    expect(problems({ ...record(), extra: 1 })).toEqual([": unrecognized_keys"]);
    const step = { ...record().steps[0], stdout: "x" };
    expect(problems({ ...record(), steps: [step] })).toEqual(["steps.0: unrecognized_keys"]);
  });

  it("refuses statuses and outcomes outside the lists", () => {
    const step = { ...record().steps[0], status: "done" };
    expect(problems({ ...record(), steps: [step] })).toEqual(["steps.0.status: invalid_value"]);
    const check = { ...record().verification[0], status: "ok" };
    expect(problems({ ...record(), verification: [check] })).toEqual([
      "verification.0.status: invalid_value",
    ]);
    expect(problems({ ...record(), outcome: "partial" })).toEqual(["outcome: invalid_value"]);
  });

  it("requires a 40-hex head SHA, a sha256 digest and at least one approver", () => {
    expect(problems({ ...record(), approval: { ...record().approval, headSha: "abc123" } })).toEqual([
      "approval.headSha: invalid_format",
    ]);
    expect(
      problems({
        ...record(),
        approval: { ...record().approval, headSha: "0123456789ABCDEF0123456789ABCDEF01234567" },
      }),
    ).toEqual(["approval.headSha: invalid_format"]);
    expect(problems({ ...record(), planDigest: "sha256:xyz" })).toEqual(["planDigest: invalid_format"]);
    expect(problems({ ...record(), approval: { ...record().approval, approvers: [] } })).toEqual([
      "approval.approvers: too_small",
    ]);
  });

  it("requires finishedAt exactly when the run is over", () => {
    const over = record();
    delete (over as Partial<RunRecord>).finishedAt;
    expect(RunRecordSchema.safeParse(over).error?.issues.map((i) => i.message)).toEqual([
      'a finished run (outcome "verification_failed") needs finishedAt',
    ]);
    expect(
      RunRecordSchema.safeParse({ ...record(), outcome: "in_progress" }).error?.issues.map((i) => i.message),
    ).toEqual(['a run with outcome "in_progress" cannot have finishedAt']);
  });

  it("refuses duplicate step or verification ids", () => {
    const r = record();
    r.steps.push({ ...(r.steps[0] as RunRecord["steps"][number]) });
    expect(
      RunRecordSchema.safeParse(r).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    ).toEqual(['steps.1.id: duplicate id "scale-web" in steps']);
  });

  it("refuses non-JSON values in recorded args and observations", () => {
    const step = { ...record().steps[0], args: { when: new Date() } };
    expect(RunRecordSchema.safeParse({ ...record(), steps: [step] }).success).toBe(false);
    const check = { ...record().verification[0], observed: Number.NaN };
    expect(RunRecordSchema.safeParse({ ...record(), verification: [check] }).success).toBe(false);
  });
});
