// Structural scoring: tools, targets, arguments, intents, order where it matters, nothing extra.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../app/plan/index.ts";
import { scoreOutcome } from "../../eval/score.ts";
import { type Task, TaskSchema } from "../../eval/task.ts";

const task = (expect: Record<string, unknown>): Task => TaskSchema.parse({ id: "t", request: "r", expect });

function plan(
  steps: [string, Record<string, unknown>][],
  verify: [string, Record<string, unknown>][] = [],
): {
  ok: true;
  plan: Plan;
} {
  return {
    ok: true,
    plan: {
      apiVersion: "skyflo/v1",
      kind: "Plan",
      metadata: {
        id: "1-x",
        request: { text: "r", by: "a", url: "https://x.dev" },
        planner: "rules",
        createdAt: "2026-11-25T10:00:00Z",
      },
      target: { cluster: "default" },
      steps: steps.map(([tool, args], i) => ({
        id: `s${i}`,
        tool,
        args: args as Plan["steps"][0]["args"],
        reason: "r",
      })),
      verify: verify.map(([check, args], i) => ({
        id: `v${i}`,
        check,
        args: args as Plan["steps"][0]["args"],
        timeoutSeconds: 300,
      })),
    },
  };
}

const web = { namespace: "shop", kind: "Deployment", name: "web" };

describe("scoreOutcome", () => {
  const scale = task({
    steps: [{ tool: "k8s_scale", args: { ...web, replicas: 5 } }],
    verify: [{ check: "k8s_rollout_complete", args: web }],
  });

  it("passes the right tool, target, arguments and intents (defaults, extra intents and kind case allowed)", () => {
    const outcome = plan(
      [["k8s_scale", { ...web, kind: "deployment", replicas: 5, extra: "default" }]],
      [
        ["k8s_rollout_complete", web],
        ["k8s_field_equals", { ...web, path: "spec.replicas", equals: 5 }],
      ],
    );
    expect(scoreOutcome(scale, outcome)).toEqual({ id: "t", passed: true, problems: [] });
  });

  it("names what is wrong: arguments, target, a missing intent, an extra step", () => {
    expect(
      scoreOutcome(scale, plan([["k8s_scale", { ...web, replicas: 4 }]], [["k8s_rollout_complete", web]]))
        .problems,
    ).toEqual([
      expect.stringMatching(/^missing step k8s_scale .* \(right tool and target, wrong arguments/),
      expect.stringMatching(/^unexpected step k8s_scale/),
    ]);
    expect(scoreOutcome(scale, plan([["k8s_scale", { ...web, name: "api", replicas: 5 }]])).problems).toEqual(
      [
        expect.stringMatching(/\(right tool, wrong target/),
        expect.stringMatching(/^unexpected step/),
        expect.stringMatching(/^missing intent k8s_rollout_complete/),
      ],
    );
  });

  it("checks order only when the task says so", () => {
    const steps = [
      { tool: "k8s_rollout_restart", args: web },
      { tool: "k8s_scale", args: { ...web, replicas: 5 } },
    ];
    const reversed = plan([
      ["k8s_scale", { ...web, replicas: 5 }],
      ["k8s_rollout_restart", web],
    ]);
    expect(scoreOutcome(task({ steps }), reversed).passed).toBe(true);
    expect(scoreOutcome(task({ steps, ordered: true }), reversed).problems).toEqual([
      "steps in the wrong order: k8s_scale → k8s_rollout_restart",
    ]);
  });

  it("wants no plan when the task says so, and a plan otherwise", () => {
    expect(scoreOutcome(task({ plan: false }), { ok: false, reply: "no" }).passed).toBe(true);
    expect(scoreOutcome(task({ plan: false }), plan([["k8s_scale", web]])).problems).toEqual([
      "expected no plan, got k8s_scale",
    ]);
    expect(scoreOutcome(scale, { ok: false, reply: "I cannot\nmore" }).problems).toEqual([
      "no plan: I cannot",
    ]);
  });
});
