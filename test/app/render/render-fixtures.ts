import { type Plan, type PlanInput, planDigest, readPlan, writePlan } from "../../../app/plan/index.ts";
import type { PlanView, StepPreview } from "../../../app/render/index.ts";

export const PLAN_PATH = ".skyflo/plans/42-scale-web.yaml";

export const SCALE_DIFF = `--- live/Deployment/shop/web
+++ planned/Deployment/shop/web
@@ -6,5 +6,5 @@
   namespace: shop
 spec:
-  replicas: 3
+  replicas: 5
   selector:
     matchLabels:`;

export const IMAGE_DIFF = `--- live/Deployment/shop/api
+++ planned/Deployment/shop/api
@@ -20,3 +20,3 @@
       containers:
-        - image: nginx:1.26
+        - image: nginx:1.27
           name: api`;

export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
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
    steps: [
      {
        id: "scale-web",
        tool: "k8s_scale",
        args: { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 },
        reason: "Scale web from 3 to 5 replicas as requested.",
      },
      {
        id: "set-api-image",
        tool: "k8s_set_image",
        args: { namespace: "shop", kind: "Deployment", name: "api", container: "api", image: "nginx:1.27" },
        reason: "Move api to nginx 1.27.",
      },
    ],
    verify: [
      {
        id: "web-rolled-out",
        check: "k8s_rollout_complete",
        args: { namespace: "shop", kind: "Deployment", name: "web" },
      },
      {
        id: "web-replicas",
        check: "k8s_field_equals",
        args: { namespace: "shop", kind: "Deployment", name: "web", path: "spec.replicas", equals: 5 },
      },
    ],
    ...overrides,
  };
}

export function preview(
  stepId: string,
  tool: string,
  diff: string,
  overrides: Partial<StepPreview> = {},
): StepPreview {
  const key = diff.match(/^\+\+\+ planned\/(.+)$/m)?.[1] ?? "Deployment/shop/web";
  return {
    stepId,
    tool,
    mutating: true,
    changed: diff !== "",
    objects: [{ key, changed: diff !== "", diff }],
    summary: `Dry run: would change ${key}.`,
    ...overrides,
  };
}

/** A view built the way the pipeline builds it: the plan parsed back from the YAML it commits. */
export function planView(
  input: PlanInput = planInput(),
  previews?: StepPreview[],
  overrides: Partial<PlanView> = {},
): PlanView {
  const planYaml = writePlan(input);
  const read = readPlan(planYaml);
  if (!read.ok) throw new Error(`fixture plan is invalid: ${JSON.stringify(read.errors)}`);
  const plan: Plan = read.plan;
  return {
    plan,
    digest: planDigest(plan),
    planPath: PLAN_PATH,
    planYaml,
    previews: previews ?? [
      preview("scale-web", "k8s_scale", SCALE_DIFF),
      preview("set-api-image", "k8s_set_image", IMAGE_DIFF),
    ],
    approval: {
      owners: ["@acme/platform", "@bob"],
      required: 1,
      unowned: false,
      codeownersPath: ".github/CODEOWNERS",
    },
    issue: { number: 42, url: "https://github.com/acme/shop/issues/42" },
    ...overrides,
  };
}
