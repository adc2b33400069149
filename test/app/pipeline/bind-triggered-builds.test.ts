// Verification of a Jenkins build looks at the build this run triggered, once its queue item is
// known; nothing else about the plan's intents changes.
import { describe, expect, it } from "vitest";
import { callKey } from "../../../app/execute/call-key.ts";
import { bindTriggeredBuilds } from "../../../app/pipeline/bind-triggered-builds.ts";
import { type Plan, parsePlan } from "../../../app/plan/index.ts";

function planOf(): Plan {
  const parsed = parsePlan({
    apiVersion: "skyflo/v1",
    kind: "Plan",
    metadata: {
      id: "9-build-deploy-web",
      request: {
        text: "build job deploy-web with ENV=prod",
        by: "dev",
        url: "https://github.com/a/b/issues/9",
      },
      planner: "rules",
      createdAt: "2026-11-25T10:00:00Z",
    },
    steps: [
      {
        id: "build",
        tool: "jenkins_trigger",
        args: { job: "deploy-web", parameters: { ENV: "prod" } },
        reason: "r",
      },
    ],
    verify: [
      {
        id: "built",
        check: "jenkins_build_succeeded",
        args: { job: "deploy-web", sinceBuild: 7, parameters: { ENV: "prod" } },
      },
      { id: "other-job", check: "jenkins_build_succeeded", args: { job: "nightly", sinceBuild: 3 } },
      {
        id: "web",
        check: "k8s_rollout_complete",
        args: { namespace: "shop", kind: "Deployment", name: "web" },
      },
    ],
  });
  if (!parsed.ok) throw new Error("fixture plan does not parse");
  return parsed.plan;
}

describe("bindTriggeredBuilds", () => {
  it("binds the matching build intent to the queue item the trigger returned, and nothing else", () => {
    const plan = planOf();
    const step = plan.steps[0];
    if (!step) throw new Error("no step");
    const bound = bindTriggeredBuilds(
      plan,
      new Map([[callKey(step.tool, step.args), { queueId: 42, buildNumber: 8 }]]),
    );
    expect(bound.verify.map((v) => [v.id, v.args])).toEqual([
      ["built", { job: "deploy-web", queueId: 42 }],
      ["other-job", { job: "nightly", sinceBuild: 3 }],
      ["web", { namespace: "shop", kind: "Deployment", name: "web" }],
    ]);
    expect(bound.steps).toEqual(plan.steps);
    expect(plan.verify[0]?.args).toMatchObject({ sinceBuild: 7 });
  });

  it("leaves intents alone when the trigger did not run, returned no queue item, or sent other parameters", () => {
    const plan = planOf();
    const step = plan.steps[0];
    if (!step) throw new Error("no step");
    expect(bindTriggeredBuilds(plan, new Map())).toEqual(plan);
    expect(bindTriggeredBuilds(plan, new Map([[callKey(step.tool, step.args), { queueId: null }]]))).toEqual(
      plan,
    );
    const otherParams = { ...step, args: { job: "deploy-web", parameters: { ENV: "staging" } } };
    const withOther = { ...plan, steps: [otherParams] };
    expect(
      bindTriggeredBuilds(withOther, new Map([[callKey(otherParams.tool, otherParams.args), { queueId: 5 }]]))
        .verify,
    ).toEqual(plan.verify);
  });
});
