// ProgressThrottle with vitest's fake timers: the first value goes out at once, later ones at most
// once per interval (only the latest), and flush sends at once and cancels what was scheduled.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProgressThrottle } from "../../../app/execute/progress-throttle.ts";

let sent: Array<{ at: number; value: string }>;
let throttle: ProgressThrottle<string>;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  sent = [];
  throttle = new ProgressThrottle<string>({
    send: (value) => sent.push({ at: Date.now(), value }),
    intervalMs: 1000,
    now: () => Date.now(),
    timers: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (h) => clearTimeout(h as never),
    },
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("ProgressThrottle", () => {
  it("sends the first value at once and coalesces the rest of the interval into its latest value", () => {
    throttle.update("a");
    vi.advanceTimersByTime(100);
    throttle.update("b");
    vi.advanceTimersByTime(100);
    throttle.update("c");
    expect(sent).toEqual([{ at: 0, value: "a" }]);
    vi.advanceTimersByTime(800);
    expect(sent).toEqual([
      { at: 0, value: "a" },
      { at: 1000, value: "c" },
    ]);
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(2);
  });

  it("sends at once again when a whole interval has passed quietly", () => {
    throttle.update("a");
    vi.advanceTimersByTime(1500);
    throttle.update("b");
    expect(sent.map((s) => [s.at, s.value])).toEqual([
      [0, "a"],
      [1500, "b"],
    ]);
  });

  it("never sends more than once per interval under a stream of updates", () => {
    for (let t = 0; t < 10_000; t += 50) {
      throttle.update(`v${t}`);
      vi.advanceTimersByTime(50);
    }
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < sent.length; i++) {
      expect((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });

  it("flush sends the final value at once and cancels the scheduled one", () => {
    throttle.update("a");
    throttle.update("b");
    vi.advanceTimersByTime(10);
    throttle.flush("final");
    vi.advanceTimersByTime(5000);
    expect(sent.map((s) => s.value)).toEqual(["a", "final"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
