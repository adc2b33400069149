import { expect } from "vitest";
import { z } from "zod";
import {
  formatPlanError,
  type Plan,
  type PlanInput,
  type ReadPlanOptions,
  readPlan,
} from "../../../app/plan/index.ts";

/**
 * The example from DESIGN.md, verbatim except the request URL (DESIGN.md elides its host with
 * "…", which is not a URL). Line numbers in the tests refer to this text.
 */
export const DESIGN_EXAMPLE = `apiVersion: skyflo/v1
kind: Plan
metadata:
  id: 42-scale-web                   # issue number + slug, unique in the repo
  request: {text: "scale web to 5 in shop", by: alice, url: https://github.com/acme/shop/issues/42#issuecomment-1}
  planner: rules                     # or llm:<model>
  createdAt: 2026-11-25T10:00:00Z
target: {cluster: default}
steps:
  - id: scale-web
    tool: k8s_scale
    args: {namespace: shop, kind: Deployment, name: web, replicas: 5}
    reason: Scale web from 3 to 5 replicas as requested.
verify:
  - id: web-rolled-out
    check: k8s_rollout_complete
    args: {namespace: shop, kind: Deployment, name: web}
    timeoutSeconds: 300
  - id: web-replicas
    check: k8s_field_equals
    args: {namespace: shop, kind: Deployment, name: web, path: spec.replicas, equals: 5}
`;

/** The same plan, block style, one field per line ("replicas: 5" is line 20). */
export const BLOCK_EXAMPLE = `apiVersion: skyflo/v1
kind: Plan
metadata:
  id: 42-scale-web
  request:
    text: scale web to 5 in shop
    by: alice
    url: https://github.com/acme/shop/issues/42#issuecomment-1
  planner: rules
  createdAt: 2026-11-25T10:00:00Z
target:
  cluster: default
steps:
  - id: scale-web
    tool: k8s_scale
    args:
      namespace: shop
      kind: Deployment
      name: web
      replicas: 5
    reason: Scale web from 3 to 5 replicas as requested.
verify:
  - id: web-rolled-out
    check: k8s_rollout_complete
    args:
      namespace: shop
      kind: Deployment
      name: web
    timeoutSeconds: 300
  - id: web-replicas
    check: k8s_field_equals
    args:
      namespace: shop
      kind: Deployment
      name: web
      path: spec.replicas
      equals: 5
`;

/** The parsed form of both examples. */
export function examplePlan(): Plan {
  return {
    apiVersion: "skyflo/v1",
    kind: "Plan",
    metadata: {
      id: "42-scale-web",
      request: {
        text: "scale web to 5 in shop",
        by: "alice",
        url: "https://github.com/acme/shop/issues/42#issuecomment-1",
      },
      planner: "rules",
      createdAt: "2026-11-25T10:00:00Z",
    },
    target: { cluster: "default" },
    steps: [
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 },
        reason: "Scale web from 3 to 5 replicas as requested.",
      },
    ],
    verify: [
      {
        id: "web-rolled-out",
        check: "k8s_rollout_complete",
        args: { namespace: "shop", kind: "Deployment", name: "web" },
        timeoutSeconds: 300,
      },
      {
        id: "web-replicas",
        check: "k8s_field_equals",
        args: { namespace: "shop", kind: "Deployment", name: "web", path: "spec.replicas", equals: 5 },
        timeoutSeconds: 300,
      },
    ],
  };
}

/** A minimal valid plan input (defaults left out), for building variants in code. */
export function minimalPlanInput(): PlanInput {
  return {
    apiVersion: "skyflo/v1",
    kind: "Plan",
    metadata: {
      id: "7-restart-api",
      request: { text: "restart api", by: "bob", url: "https://gitlab.example.com/g/p/-/issues/7#note_1" },
      planner: "llm:gpt-4o-mini",
      createdAt: "2026-11-25T10:00:00+01:00",
    },
    steps: [
      {
        id: "restart",
        tool: "k8s_rollout_restart",
        args: { namespace: "api", name: "api" },
        reason: "Asked.",
      },
    ],
  };
}

/** Replaces exactly one occurrence, so a test cannot silently stop testing what it claims. */
export function edit(text: string, from: string, to: string): string {
  const first = text.indexOf(from);
  expect(first, `"${from}" not found`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, first + 1), `"${from}" found more than once`).toBe(-1);
  return text.slice(0, first) + to + text.slice(first + from.length);
}

/** readPlan's errors, formatted as a person sees them; fails the test if the plan is valid. */
export function errorsOf(text: string, options?: ReadPlanOptions): string[] {
  const result = readPlan(text, options);
  if (result.ok) throw new Error("expected the plan to be rejected, but it was accepted");
  return result.errors.map(formatPlanError);
}

/** readPlan's plan; fails the test with the formatted errors if it is rejected. */
export function planOf(text: string, options?: ReadPlanOptions): { plan: Plan; digest: string } {
  const result = readPlan(text, options);
  if (!result.ok) throw new Error(`expected a valid plan:\n${result.errors.map(formatPlanError).join("\n")}`);
  return { plan: result.plan, digest: result.digest };
}

/** Small stand-ins for the tool registry's schemas. */
export const TOOL_ARGS: Record<string, z.ZodType> = {
  k8s_scale: z.strictObject({
    namespace: z.string(),
    kind: z.enum(["Deployment", "StatefulSet", "ReplicaSet"]),
    name: z.string(),
    replicas: z.number().int().min(0),
  }),
  k8s_delete: z.object({
    namespace: z.string(),
    name: z.string(),
    dryRun: z.boolean().default(false),
  }),
};

export const CHECK_ARGS: Record<string, z.ZodType> = {
  k8s_rollout_complete: z.strictObject({ namespace: z.string(), kind: z.string(), name: z.string() }),
  k8s_field_equals: z.strictObject({
    namespace: z.string(),
    kind: z.string(),
    name: z.string(),
    path: z.string(),
    equals: z.unknown(),
  }),
};

export const REGISTRY: ReadPlanOptions = {
  toolArgs: (name) => TOOL_ARGS[name],
  checkArgs: (name) => CHECK_ARGS[name],
};
