// Small statistics for benchmarks: medians and percentiles of sample arrays (milliseconds).

export interface Summary {
  samples: number;
  medianMs: number;
  p95Ms: number;
  meanMs: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    samples: samples.length,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length)),
  };
}

/**
 * Runs each variant `iterations` times, interleaved (a, b, b, a, …) so all see the same machine
 * conditions, after `warmup` untimed rounds. Returns the samples per variant.
 */
export async function interleave(
  variants: Record<string, (i: number) => Promise<unknown>>,
  iterations: number,
  warmup: number,
): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < warmup + iterations; i++) {
    // Rotate who goes first each round, so no variant always pays for the previous one's aftermath.
    const order = names.map((_, k) => names[(i + k) % names.length] as string);
    for (const name of order) {
      const run = variants[name] as (i: number) => Promise<unknown>;
      const start = performance.now();
      await run(i);
      const elapsed = performance.now() - start;
      if (i >= warmup) samples[name]?.push(elapsed);
    }
  }
  return samples;
}
