// What reaches the tools during a run (only the plan's steps and their dry runs, each real call
// once), a caller tampering with the plan mid-run, and the throttled progress stream, with a fake
// clock and fake timers: nothing waits for real time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executePlan, type ProgressTimers, type StepState } from "../../../app/execute/index.ts";
import type { ToolCaller } from "../../../app/tool-caller.ts";
import {
  appendEnvStep,
  deployment,
  type ExecuteFixture,
  makePlan,
  optionsFor,
  type Replica,
  scaleStep,
  startExecuteFixture,
} from "./execute-fixture.ts";

let fixture: ExecuteFixture;
let replica: Replica;

beforeAll(async () => {
  fixture = await startExecuteFixture([deployment("web"), deployment("api")]);
  replica = await fixture.replica("replica-a");
});

afterAll(async () => {
  await fixture?.close();
});

describe("executePlan and its tools", () => {
  it("only ever calls the plan's steps (each once) and their dry runs", async () => {
    const plan = makePlan([scaleStep("scale-web", "web", 3), appendEnvStep("mark", "api", "only")]);
    const reached: Array<{ tool: string; args: Record<string, unknown> }> = [];
    const recording: ToolCaller = {
      call(tool, args) {
        reached.push({ tool, args });
        return replica.tools.call(tool, args);
      },
    };
    const outcome = await executePlan(await optionsFor(replica, plan, { tools: recording }));
    expect(outcome.kind).toBe("executed");
    const [scale, mark] = plan.steps;
    expect(reached).toEqual([
      { tool: "k8s_scale", args: { ...scale?.args, dryRun: true } },
      { tool: "k8s_patch", args: { ...mark?.args, dryRun: true } },
      { tool: "k8s_scale", args: scale?.args },
      { tool: "k8s_patch", args: mark?.args },
    ]);
  });

  it("runs the approved plan even when the caller's plan object is tampered with mid-run", async () => {
    const plan = makePlan([scaleStep("scale-web", "web", 2), appendEnvStep("mark", "api", "approved")]);
    const options = await optionsFor(replica, plan, {
      onProgress: () => {
        // A hostile caller edits the plan it passed in, after the approval was checked.
        const mark = plan.steps[1];
        if (mark) mark.args.name = "web";
        const scale = plan.steps[0];
        if (scale) scale.args.replicas = 40;
        plan.steps.push({ id: "extra", tool: "k8s_delete", args: { name: "api" }, reason: "sneaky" });
      },
    });
    const outcome = await executePlan(options);
    expect(outcome.kind).toBe("executed");
    if (outcome.kind !== "executed") return;
    expect(outcome.steps.map((s) => s.id)).toEqual(["scale-web", "mark"]);
    expect((fixture.stored("web").spec as { replicas: number }).replicas).toBe(2);
    expect(fixture.runs("api")).toContain("approved");
    expect(fixture.runs("web")).not.toContain("approved");
  });
});

/** A clock that moves only when told, with timers that fire when it passes them. */
function fakeClock(start: number) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const progressTimers: ProgressTimers = {
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    progressTimers,
    now: () => new Date(now),
    millis: () => now,
    pendingTimers: () => timers.size,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.callback();
        }
      }
    },
  };
}

describe("executePlan progress", () => {
  it("reports at most once a second while running, the latest state each time, and always at the end", async () => {
    const plan = makePlan([1, 2, 3, 4, 5, 6].map((n) => appendEnvStep(`mark-${n}`, "api", `progress-${n}`)));
    const clock = fakeClock(Date.parse("2026-11-25T12:00:00Z"));
    // Each real tool call takes 400 ms on the fake clock; dry runs 10 ms.
    const slowTools: ToolCaller = {
      async call(tool, args) {
        const result = await replica.tools.call(tool, args);
        clock.advance(args.dryRun === true ? 10 : 400);
        return result;
      },
    };
    const reports: Array<{ at: number; steps: StepState[] }> = [];
    const outcome = await executePlan(
      await optionsFor(replica, plan, {
        tools: slowTools,
        now: clock.now,
        progressTimers: clock.progressTimers,
        onProgress: (steps) => reports.push({ at: clock.millis(), steps }),
      }),
    );

    expect(outcome.kind).toBe("executed");
    if (outcome.kind !== "executed") return;
    // 6 steps × 400 ms = 2.4 s of fake time: the first report, about one a second, and the final one.
    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.length).toBeLessThanOrEqual(5);
    const whileRunning = reports.slice(0, -1);
    for (let i = 1; i < whileRunning.length; i++) {
      expect((whileRunning[i]?.at ?? 0) - (whileRunning[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // A report in the middle shows the run in progress: some steps done, the rest pending or running.
    const middle = whileRunning.find((r) => r.steps.some((s) => s.status === "succeeded"));
    expect(middle?.steps.some((s) => s.status === "pending" || s.status === "running")).toBe(true);
    expect(reports.at(-1)?.steps).toEqual(outcome.steps);
    expect(outcome.steps.every((s) => s.status === "succeeded")).toBe(true);
    expect(outcome.steps.map((s) => s.durationMs)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("a progress callback that throws does not change the run", async () => {
    const plan = makePlan([appendEnvStep("mark", "api", "throwing-progress")]);
    const outcome = await executePlan(
      await optionsFor(replica, plan, {
        onProgress: () => {
          throw new Error("check run API down");
        },
      }),
    );
    expect(outcome.kind).toBe("executed");
    expect(fixture.runs("api")).toContain("throwing-progress");
  });
});
