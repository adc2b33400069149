import { describe, expect, it } from "vitest";
import { rollingLimits } from "./rollout-math.ts";

describe("rolling update limits", () => {
  it("defaults to 25% surge (rounded up) and 25% unavailable (rounded down)", () => {
    expect(rollingLimits({}, 3)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(rollingLimits({}, 10)).toEqual({ maxSurge: 3, maxUnavailable: 2 });
  });

  it("takes numbers and percentages, and never lets both be zero", () => {
    const spec = (maxSurge: unknown, maxUnavailable: unknown) => ({
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } },
    });
    expect(rollingLimits(spec(2, 1), 5)).toEqual({ maxSurge: 2, maxUnavailable: 1 });
    expect(rollingLimits(spec("50%", "50%"), 5)).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(rollingLimits(spec(0, 0), 5)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(rollingLimits(spec(0, 9), 2)).toEqual({ maxSurge: 0, maxUnavailable: 2 });
  });

  it("lets Recreate take every replica down and surge none", () => {
    expect(rollingLimits({ strategy: { type: "Recreate" } }, 4)).toEqual({ maxSurge: 0, maxUnavailable: 4 });
  });
});
