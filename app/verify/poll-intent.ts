// Runs a polled intent (a backend without watches, such as Jenkins): one look every intervalMs
// until it passes or fails for good. A look that throws is a transient problem (reported, then
// retried), except VerifyError, which means the intent can never pass.
import { setTimeout as sleep } from "node:timers/promises";
import { type Observation, type PolledIntent, VerifyError } from "./types.ts";

export interface PollOptions {
  signal: AbortSignal;
  /** Every observation, so a timeout can say what was seen last. */
  onObservation(observation: Observation): void;
  /** A transient failure; `undefined` once a look succeeds again. */
  onProblem(problem: string | undefined): void;
}

export async function pollUntilSettled(intent: PolledIntent, options: PollOptions): Promise<Observation> {
  const { signal } = options;
  const interval = Math.max(1, intent.intervalMs);
  for (;;) {
    signal.throwIfAborted();
    try {
      const observation = await intent.poll(signal);
      options.onProblem(undefined);
      options.onObservation(observation);
      if (observation.status !== "waiting") return observation;
    } catch (error) {
      if (error instanceof VerifyError || signal.aborted) throw error;
      options.onProblem(error instanceof Error ? error.message : String(error));
    }
    await sleep(interval, undefined, { signal });
  }
}
