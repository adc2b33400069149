import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  buildRunRecord,
  RunRecordError,
  type RunRecordInput,
  runRecordPath,
  serializeRunRecord,
} from "../../../app/persist/run-record.ts";
import { RunRecordSchema } from "../../../app/plan/index.ts";
import {
  applySecretStep,
  approvalOf,
  failed,
  HEAD_SHA,
  planOf,
  SECRET_VALUE,
  scaleStep,
  setImageStep,
  succeeded,
  verified,
  webReplicasIntent,
} from "./persist-fixtures.ts";

const jsonSchema = JSON.parse(
  readFileSync(new URL("../../../schemas/run-record.schema.json", import.meta.url), "utf8"),
);
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validateJson = ajv.compile(jsonSchema);

function input(overrides: Partial<RunRecordInput> = {}): RunRecordInput {
  const { plan, digest } = planOf([scaleStep(), setImageStep()], [webReplicasIntent]);
  return {
    plan,
    digest,
    approval: approvalOf(digest),
    steps: [succeeded("scale-web", "k8s_scale"), succeeded("set-image-web", "k8s_set_image")],
    verification: verified("success"),
    startedAt: "2026-11-25T10:07:00Z",
    finishedAt: "2026-11-25T10:09:00Z",
    ...overrides,
  };
}

describe("buildRunRecord", () => {
  it("records request, digest, head SHA, approvers with review ids, each call with its args, timings and verification", () => {
    const source = input();
    const record = buildRunRecord(source);
    expect(record).toMatchObject({
      apiVersion: "skyflo/v1",
      kind: "RunRecord",
      planId: "42-ship-web",
      planDigest: source.digest,
      request: { text: "ship web in shop", by: "alice" },
      approval: {
        headSha: HEAD_SHA,
        approvers: [
          { login: "bob", reviewId: 123, at: "2026-11-25T10:05:00Z" },
          { login: "carol", reviewId: 456, at: "2026-11-25T10:06:00Z" },
        ],
      },
      startedAt: "2026-11-25T10:07:00Z",
      finishedAt: "2026-11-25T10:09:00Z",
      outcome: "succeeded",
      verificationConclusion: "success",
    });
    expect(record.steps).toEqual([
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 },
        status: "succeeded",
        startedAt: "2026-11-25T10:07:00Z",
        finishedAt: "2026-11-25T10:07:01Z",
        durationMs: 812,
        resultDigest: `sha256:${"cd".repeat(32)}`,
        summary: "k8s_scale done",
      },
      expect.objectContaining({
        id: "set-image-web",
        args: expect.objectContaining({ image: "ghcr.io/acme/web:2.0", container: "web" }),
      }),
    ]);
    expect(record.verification).toEqual([
      {
        id: "web-replicas",
        check: "k8s_field_equals",
        status: "passed",
        expected: "spec.replicas = 5",
        observed: "spec.replicas = 5",
        durationMs: 42,
      },
    ]);
  });

  it("names the planner and keeps the plan's labels (a model's token counts, discovery calls, planning time)", () => {
    const source = input();
    expect(buildRunRecord(source)).toMatchObject({ planner: "rules" });
    const labels = { "skyflo.dev/llm-prompt-tokens": "1200", "skyflo.dev/llm-discovery-calls": "2" };
    const byModel = {
      ...source,
      plan: { ...source.plan, metadata: { ...source.plan.metadata, planner: "llm:gpt-4o-mini", labels } },
    };
    expect(buildRunRecord(byModel)).toMatchObject({ planner: "llm:gpt-4o-mini", planLabels: labels });
  });

  it("validates against the zod schema and the published JSON Schema", () => {
    for (const variant of [
      input(),
      input({ verification: verified("timed_out") }),
      input({ finishedAt: undefined, verification: undefined, steps: [succeeded("scale-web", "k8s_scale")] }),
      input({
        steps: [succeeded("scale-web", "k8s_scale"), failed("set-image-web", "k8s_set_image")],
        verification: undefined,
        reason: "Step set-image-web failed.",
      }),
    ]) {
      const record = buildRunRecord(variant);
      expect(RunRecordSchema.safeParse(record).success).toBe(true);
      const json = JSON.parse(serializeRunRecord(record));
      expect(validateJson(json), JSON.stringify(validateJson.errors)).toBe(true);
    }
  });

  it("derives the outcome: failed steps, failed or timed-out verification, in progress", () => {
    expect(buildRunRecord(input({ verification: verified("failure") })).outcome).toBe("verification_failed");
    const timedOut = buildRunRecord(input({ verification: verified("timed_out") }));
    expect(timedOut.outcome).toBe("verification_failed");
    expect(timedOut.verificationConclusion).toBe("timed_out");

    const failedRun = buildRunRecord(
      input({
        steps: [failed("scale-web", "k8s_scale")],
        verification: undefined,
        reason: "Step scale-web failed.",
      }),
    );
    expect(failedRun.outcome).toBe("failed");
    expect(failedRun.reason).toBe("Step scale-web failed.");
    // The step that never ran is recorded as skipped; the intents as not evaluated.
    expect(failedRun.steps.map((s) => [s.id, s.status])).toEqual([
      ["scale-web", "failed"],
      ["set-image-web", "skipped"],
    ]);
    expect(failedRun.steps[1]).not.toHaveProperty("startedAt");
    expect(failedRun.verification).toEqual([
      { id: "web-replicas", check: "k8s_field_equals", status: "skipped" },
    ]);
    expect(failedRun).not.toHaveProperty("verificationConclusion");

    const running = buildRunRecord(
      input({
        finishedAt: undefined,
        verification: undefined,
        steps: [{ ...succeeded("scale-web", "k8s_scale"), status: "running", finishedAt: undefined }],
      }),
    );
    expect(running.outcome).toBe("in_progress");
    expect(running).not.toHaveProperty("finishedAt");
    expect(running.steps.map((s) => s.status)).toEqual(["running", "pending"]);
  });

  it("records a step left in flight at a crash as unknown once the run is over", () => {
    const record = buildRunRecord(
      input({
        steps: [{ id: "scale-web", tool: "k8s_scale", status: "running", startedAt: "2026-11-25T10:07:00Z" }],
        verification: undefined,
      }),
    );
    expect(record.outcome).toBe("failed");
    expect(record.steps.map((s) => s.status)).toEqual(["unknown", "skipped"]);
  });

  it("masks Secret values in recorded args", () => {
    const { plan, digest } = planOf([applySecretStep()]);
    const record = buildRunRecord({
      plan,
      digest,
      approval: approvalOf(digest),
      steps: [succeeded("apply-config", "k8s_apply")],
      startedAt: "2026-11-25T10:07:00Z",
      finishedAt: "2026-11-25T10:08:00Z",
    });
    const text = serializeRunRecord(record);
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
    const secret = (record.steps[0]?.args.manifests as Record<string, unknown>[] | undefined)?.[0];
    expect(secret).toMatchObject({
      kind: "Secret",
      data: { password: `<redacted: ${SECRET_VALUE.length} bytes>` },
      stringData: { token: `<redacted: ${SECRET_VALUE.length} bytes>` },
    });
    // The plan itself is left as it was.
    expect(JSON.stringify(plan)).toContain(SECRET_VALUE);
  });

  it("masks Secrets written as YAML manifests or patched with k8s_patch", () => {
    const { plan, digest } = planOf([
      {
        id: "apply-yaml",
        tool: "k8s_apply",
        args: {
          manifests: `apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {token: ${SECRET_VALUE}}\n`,
          force: false,
        },
        reason: "Rotate.",
      },
      {
        id: "patch-secret",
        tool: "k8s_patch",
        args: {
          kind: "Secret",
          name: "db",
          namespace: "shop",
          patch: { stringData: { token: SECRET_VALUE } },
        },
        reason: "Rotate again.",
      },
    ]);
    const record = buildRunRecord({
      plan,
      digest,
      approval: approvalOf(digest),
      steps: [succeeded("apply-yaml", "k8s_apply"), succeeded("patch-secret", "k8s_patch")],
      startedAt: "2026-11-25T10:07:00Z",
      finishedAt: "2026-11-25T10:08:00Z",
    });
    expect(serializeRunRecord(record)).not.toContain(SECRET_VALUE);
  });

  it("bounds long summaries and errors to what the schema holds", () => {
    const long = "x".repeat(10_000);
    const record = buildRunRecord(
      input({
        steps: [{ ...failed("scale-web", "k8s_scale", long) }],
        verification: undefined,
        reason: long,
      }),
    );
    expect(Array.from(record.steps[0]?.error ?? "")).toHaveLength(4000);
    expect(record.steps[0]?.error?.endsWith("…")).toBe(true);
    expect(record.reason?.length).toBe(4000);
  });

  it("refuses inputs that do not belong to one approved run, saying what is wrong", () => {
    const base = input();
    expect(() => buildRunRecord({ ...base, approval: approvalOf(`sha256:${"0".repeat(64)}`) })).toThrow(
      /is not the approved digest/,
    );
    expect(() => buildRunRecord({ ...base, steps: [succeeded("delete-db", "k8s_delete")] })).toThrow(
      /step state "delete-db" is not a step of plan 42-ship-web/,
    );
    expect(() => buildRunRecord({ ...base, steps: [succeeded("scale-web", "k8s_delete")] })).toThrow(
      /ran k8s_delete but the plan says k8s_scale/,
    );
    expect(() =>
      buildRunRecord({
        ...base,
        steps: [succeeded("scale-web", "k8s_scale"), succeeded("scale-web", "k8s_scale")],
      }),
    ).toThrow(/has two states/);
    expect(() => buildRunRecord({ ...base, verification: undefined })).toThrow(
      /no verification was given for its 1 intent/,
    );
    expect(() => buildRunRecord({ ...base, startedAt: "yesterday" })).toThrow(RunRecordError);
    expect(() => buildRunRecord({ ...base, startedAt: "yesterday" })).toThrow(
      /startedAt: expected an ISO-8601/,
    );
  });

  it("accepts a structural copy of the approval (the record only reports it)", () => {
    const base = input();
    const frozen = Object.freeze({
      ...base.approval,
      approvers: Object.freeze([...base.approval.approvers]),
    });
    expect(buildRunRecord({ ...base, approval: frozen }).approval.approvers).toHaveLength(2);
  });
});

describe("runRecordPath", () => {
  it("puts runs next to the plan folder", () => {
    expect(runRecordPath(".skyflo/plans", "42-scale-web")).toBe(".skyflo/runs/42-scale-web.json");
    expect(runRecordPath(".skyflo/plans/", "42-scale-web")).toBe(".skyflo/runs/42-scale-web.json");
    expect(runRecordPath("ops/k8s/plans", "7-x")).toBe("ops/k8s/runs/7-x.json");
    expect(runRecordPath("plans", "7-x")).toBe("runs/7-x.json");
  });

  it("refuses ids that are not plan ids (no path tricks)", () => {
    expect(() => runRecordPath(".skyflo/plans", "../../etc/passwd")).toThrow(/is not a plan id/);
    expect(() => runRecordPath(".skyflo/plans", "42-a/b")).toThrow(RunRecordError);
  });
});

describe("serializeRunRecord", () => {
  it("writes stable 2-space JSON with a trailing newline, the same for the same record", () => {
    const record = buildRunRecord(input());
    const text = serializeRunRecord(record);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "apiVersion": "skyflo/v1",\n  "kind": "RunRecord",\n');
    expect(serializeRunRecord(JSON.parse(text))).toBe(text);
    // Key order follows the schema, not the order fields were set in.
    const shuffled = Object.fromEntries(Object.entries(record).reverse()) as typeof record;
    expect(serializeRunRecord(shuffled)).toBe(text);
  });

  it("refuses a record that does not validate", () => {
    const record = buildRunRecord(input());
    expect(() => serializeRunRecord({ ...record, planDigest: "md5:abc" })).toThrow();
  });
});
