// The guard refuses every call that is not a step of the approved plan with exactly its arguments,
// before it reaches the tools; each step runs for real at most once; its dry run is allowed.
import { describe, expect, it } from "vitest";
import { guardedToolCaller } from "../../../app/execute/index.ts";
import type { ToolCaller } from "../../../app/tool-caller.ts";
import { appendEnvStep, makePlan, namespace, scaleStep } from "./execute-fixture.ts";

function recordingTools(): { tools: ToolCaller; calls: Array<[string, Record<string, unknown>]> } {
  const calls: Array<[string, Record<string, unknown>]> = [];
  return {
    calls,
    tools: {
      async call(tool, args) {
        calls.push([tool, args]);
        return { ok: true, summary: `ran ${tool}`, data: {} };
      },
    },
  };
}

const plan = makePlan([scaleStep("scale-web", "web", 5), appendEnvStep("mark", "web", "x")]);
const scaleArgs = { namespace, kind: "Deployment", name: "web", replicas: 5 };

describe("guardedToolCaller", () => {
  it("lets a plan step through with its exact arguments, in any key order", async () => {
    const { tools, calls } = recordingTools();
    const guarded = guardedToolCaller(plan, tools);
    const reordered = { replicas: 5, name: "web", kind: "Deployment", namespace };
    expect(await guarded.call("k8s_scale", reordered)).toEqual({
      ok: true,
      summary: "ran k8s_scale",
      data: {},
    });
    expect(calls).toEqual([["k8s_scale", reordered]]);
  });

  const offPlan: Array<[string, string, Record<string, unknown>]> = [
    ["a tool that is not in the plan", "k8s_delete", { namespace, kind: "Deployment", name: "web" }],
    ["a plan tool with another value", "k8s_scale", { ...scaleArgs, replicas: 500 }],
    ["a plan tool on another object", "k8s_scale", { ...scaleArgs, name: "api" }],
    ["a plan tool with an extra argument", "k8s_scale", { ...scaleArgs, force: true }],
    ["a plan tool with an argument missing", "k8s_scale", { namespace, kind: "Deployment", name: "web" }],
    ["a plan tool with a number as a string", "k8s_scale", { ...scaleArgs, replicas: "5" }],
    ["a plan step's arguments under another plan tool", "k8s_patch", scaleArgs],
    ["a dry run of a call that is not a step", "k8s_scale", { ...scaleArgs, replicas: 6, dryRun: true }],
  ];
  for (const [what, tool, args] of offPlan) {
    it(`refuses ${what}, without calling the tools`, async () => {
      const { tools, calls } = recordingTools();
      const result = await guardedToolCaller(plan, tools).call(tool, args);
      expect(result).toEqual({
        ok: false,
        error: `Refused: ${tool} with these arguments is not a step of the approved plan ${plan.metadata.id}. Only the plan's steps, with exactly their arguments, may run.`,
      });
      expect(calls).toEqual([]);
    });
  }

  it("allows a step's dry run any number of times, but the real call only once", async () => {
    const { tools, calls } = recordingTools();
    const guarded = guardedToolCaller(plan, tools);
    expect((await guarded.call("k8s_scale", { ...scaleArgs, dryRun: true })).ok).toBe(true);
    expect((await guarded.call("k8s_scale", { ...scaleArgs, dryRun: true })).ok).toBe(true);
    expect((await guarded.call("k8s_scale", scaleArgs)).ok).toBe(true);
    const replay = await guarded.call("k8s_scale", scaleArgs);
    expect(replay).toEqual({
      ok: false,
      error: `Refused: this step of plan ${plan.metadata.id} (k8s_scale) has already run; a step never runs twice.`,
    });
    expect(calls.filter(([, args]) => args.dryRun !== true)).toHaveLength(1);
  });

  it("allows a call the plan lists twice exactly twice", async () => {
    const twice = makePlan([appendEnvStep("mark-1", "web", "same"), appendEnvStep("mark-2", "web", "same")]);
    const { tools, calls } = recordingTools();
    const guarded = guardedToolCaller(twice, tools);
    const args = twice.steps[0]?.args as Record<string, unknown>;
    expect((await guarded.call("k8s_patch", args)).ok).toBe(true);
    expect((await guarded.call("k8s_patch", args)).ok).toBe(true);
    expect((await guarded.call("k8s_patch", args)).ok).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it("refuses arguments that have no JSON form", async () => {
    const { tools, calls } = recordingTools();
    const result = await guardedToolCaller(plan, tools).call("k8s_scale", { ...scaleArgs, replicas: 10n });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("are not JSON");
    expect(calls).toEqual([]);
  });

  it("is built from the plan as given: editing the plan object afterwards lets nothing new through", async () => {
    const editable = makePlan([scaleStep("scale-web", "web", 5)]);
    const { tools, calls } = recordingTools();
    const guarded = guardedToolCaller(editable, tools);
    const step = editable.steps[0];
    if (step) step.args.replicas = 99;
    expect((await guarded.call("k8s_scale", { ...scaleArgs, replicas: 99 })).ok).toBe(false);
    expect(calls).toEqual([]);
  });
});
