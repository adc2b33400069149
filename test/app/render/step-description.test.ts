// The one-line target and change of a step, as the PR body's table and the checks show them, for
// each tool family.
import { describe, expect, it } from "vitest";
import type { PlanStep } from "../../../app/plan/index.ts";
import { stepChange, stepTarget } from "../../../app/render/step-description.ts";

const step = (tool: string, args: PlanStep["args"]): PlanStep => ({ id: "s", tool, args, reason: "r" });

describe("step descriptions", () => {
  it.each([
    [
      step("k8s_scale", { namespace: "shop", kind: "Deployment", name: "web", replicas: 5 }),
      "Deployment/shop/web",
      "replicas → 5",
    ],
    [
      step("helm_upgrade", { namespace: "shop", release: "live", chart: "charts/shop", version: "1.2.0" }),
      "release shop/live",
      "upgrade to chart charts/shop 1.2.0",
    ],
    [
      step("helm_rollback", { namespace: "shop", release: "live", revision: 2 }),
      "release shop/live",
      "roll back to revision 2",
    ],
    [
      step("argo_promote", { namespace: "shop", name: "storefront" }),
      "Rollout/shop/storefront",
      "promote to the next step",
    ],
    [step("argo_abort", { namespace: "shop", name: "storefront" }), "Rollout/shop/storefront", "abort"],
    [
      step("jenkins_trigger", { job: "deploy-web", parameters: { ENV: "prod", VERSION: "2.4.1" } }),
      "Jenkins job deploy-web",
      "build with ENV=prod, VERSION=2.4.1",
    ],
  ])("%# %s", (planStep, target, change) => {
    expect(stepTarget(planStep, undefined)).toBe(target);
    expect(stepChange(planStep, undefined)).toBe(change);
  });
});
