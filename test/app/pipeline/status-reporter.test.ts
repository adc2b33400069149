import { afterEach, describe, expect, it, vi } from "vitest";
import { StatusReporter } from "../../../app/pipeline/status-reporter.ts";

afterEach(() => {
  vi.useRealTimers();
});

function recorder() {
  const written: string[] = [];
  let release: (() => void) | undefined;
  const write = (body: string) => {
    written.push(body.includes("planning") ? "planning" : body.includes("will not plan") ? "refused" : body);
    return body.includes("planning")
      ? new Promise<void>((resolve) => (release = resolve))
      : Promise.resolve();
  };
  return { written, write, release: () => release?.() };
}

describe("StatusReporter", () => {
  it("skips the planning notice when the outcome comes first", async () => {
    vi.useFakeTimers();
    const { written, write } = recorder();
    const reporter = new StatusReporter(write, 1000);
    reporter.schedulePlanningNotice();
    await reporter.report({ phase: "refused", reason: "no" });
    await vi.advanceTimersByTimeAsync(5000);
    expect(written).toEqual(["refused"]);
  });

  it("writes the notice when planning is slow, and the outcome only after it", async () => {
    vi.useFakeTimers();
    const { written, write, release } = recorder();
    const reporter = new StatusReporter(write, 1000);
    reporter.schedulePlanningNotice();
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toEqual(["planning"]);
    const outcome = reporter.report({ phase: "refused", reason: "no" });
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toEqual(["planning"]); // still waiting for the notice's write to finish
    release();
    await outcome;
    expect(written).toEqual(["planning", "refused"]);
  });
});
