// Latency figures with the tail the loop benchmarks report: summarize()'s median, p95 and mean,
// plus p99 (nearest-rank, as summarize computes its percentiles).
import { type Summary, summarize } from "./stats.ts";

export interface LatencySummary extends Summary {
  p99Ms: number;
}

export function summarizeLatency(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(0.99 * sorted.length) - 1));
  const p99 = sorted[index] ?? Number.NaN;
  return { ...summarize(samples), p99Ms: Math.round(p99 * 1000) / 1000 };
}
