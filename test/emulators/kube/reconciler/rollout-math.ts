// The arithmetic of a Deployment's RollingUpdate strategy (maxSurge / maxUnavailable), as in the
// deployment controller's util package: surge rounds up, unavailability rounds down, never both zero.
import type { Json } from "./context.ts";

export interface RollingLimits {
  maxSurge: number;
  maxUnavailable: number;
}

export function rollingLimits(spec: Json, desired: number): RollingLimits {
  const strategy = (spec.strategy ?? {}) as Json;
  if (strategy.type === "Recreate") return { maxSurge: 0, maxUnavailable: desired };
  const rolling = (strategy.rollingUpdate ?? {}) as Json;
  const maxSurge = resolve(rolling.maxSurge ?? "25%", desired, true);
  let maxUnavailable = resolve(rolling.maxUnavailable ?? "25%", desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}

function resolve(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === "number") return Math.max(0, Math.floor(value));
  if (typeof value === "string" && /^\d+%$/.test(value)) {
    const scaled = (Number.parseInt(value, 10) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  if (typeof value === "string" && /^\d+$/.test(value)) return Number.parseInt(value, 10);
  return 0;
}
