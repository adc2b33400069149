// Plans, approvals, step states and verification results shared by the persist tests.
import { expect } from "vitest";
import type { StepState } from "../../../app/execute/types.ts";
import type { RecordedApproval } from "../../../app/persist/run-record.ts";
import { formatPlanError, type Plan, type PlanInput, parsePlan } from "../../../app/plan/index.ts";
import { plannedArgsSchema } from "../../../app/planner/rules/index.ts";
import type { Verification } from "../../../app/verify/types.ts";

export const HEAD_SHA = "0123456789abcdef0123456789abcdef01234567";

export function planOf(
  steps: PlanInput["steps"],
  verify: PlanInput["verify"] = [],
  id = "42-ship-web",
): { plan: Plan; digest: string } {
  const parsed = parsePlan(
    {
      apiVersion: "skyflo/v1",
      kind: "Plan",
      metadata: {
        id,
        request: {
          text: "ship web in shop",
          by: "alice",
          url: "https://github.com/acme/shop/issues/42#issuecomment-1",
        },
        planner: "rules",
        createdAt: "2026-11-25T10:00:00Z",
      },
      target: { cluster: "default" },
      steps,
      verify,
    },
    { toolArgs: plannedArgsSchema },
  );
  if (!parsed.ok) {
    expect.fail(parsed.errors.map(formatPlanError).join("\n"));
  }
  return { plan: parsed.plan, digest: parsed.digest };
}

export const scaleStep = (id = "scale-web", replicas = 5, name = "web") => ({
  id,
  tool: "k8s_scale",
  args: { namespace: "shop", kind: "Deployment", name, replicas },
  reason: `Scale ${name} to ${replicas} replicas.`,
});

export const setImageStep = (id = "set-image-web", image = "ghcr.io/acme/web:2.0") => ({
  id,
  tool: "k8s_set_image",
  args: { namespace: "shop", kind: "Deployment", name: "web", container: "web", image },
  reason: "Ship web 2.0.",
});

export const undoStep = (id = "undo-api", toRevision?: number) => ({
  id,
  tool: "k8s_rollout_undo",
  args: { namespace: "shop", kind: "Deployment", name: "api", ...(toRevision ? { toRevision } : {}) },
  reason: "Roll api back.",
});

export const restartStep = (id = "restart-web") => ({
  id,
  tool: "k8s_rollout_restart",
  args: { namespace: "shop", kind: "Deployment", name: "web" },
  reason: "Restart web.",
});

export const SECRET_VALUE = "hunter2-super-secret";

export const applySecretStep = (id = "apply-config") => ({
  id,
  tool: "k8s_apply",
  args: {
    manifests: [
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "db", namespace: "shop" },
        type: "Opaque",
        data: { password: Buffer.from(SECRET_VALUE).toString("base64") },
        stringData: { token: SECRET_VALUE },
      },
    ],
    force: false,
  },
  reason: "Rotate the database password.",
});

export function approvalOf(digest: string): RecordedApproval {
  return {
    planDigest: digest,
    headSha: HEAD_SHA,
    approvers: [
      { login: "bob", reviewId: 123, at: "2026-11-25T10:05:00Z" },
      { login: "carol", reviewId: 456, at: "2026-11-25T10:06:00Z" },
    ],
  };
}

export function succeeded(id: string, tool: string, summary = `${tool} done`): StepState {
  return {
    id,
    tool,
    status: "succeeded",
    startedAt: "2026-11-25T10:07:00Z",
    finishedAt: "2026-11-25T10:07:01Z",
    durationMs: 812,
    summary,
    resultDigest: `sha256:${"cd".repeat(32)}`,
  };
}

export function failed(id: string, tool: string, error = "the API server answered 500"): StepState {
  return {
    id,
    tool,
    status: "failed",
    startedAt: "2026-11-25T10:07:02Z",
    finishedAt: "2026-11-25T10:07:03Z",
    durationMs: 1000,
    error,
  };
}

export const verified = (conclusion: Verification["conclusion"] = "success"): Verification => ({
  conclusion,
  results: [
    {
      id: "web-replicas",
      check: "k8s_field_equals",
      expected: "spec.replicas = 5",
      observed: conclusion === "success" ? "spec.replicas = 5" : "spec.replicas = 3",
      status: conclusion === "success" ? "passed" : conclusion === "failure" ? "failed" : "timed_out",
      durationMs: 42.4,
    },
  ],
});

export const webReplicasIntent = {
  id: "web-replicas",
  check: "k8s_field_equals",
  args: { namespace: "shop", kind: "Deployment", name: "web", path: "spec.replicas", equals: 5 },
  timeoutSeconds: 300,
};
