// Every call has a deadline. The signal is handed to the HTTP clients so a late request is
// actually cancelled, not just ignored.
import { ToolError } from "./tool-error.ts";

export async function withDeadline<T>(
  what: string,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = parent ? AbortSignal.any([parent, timeout]) : timeout;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        timeout.aborted
          ? new ToolError(
              `${what} did not finish within ${formatDuration(timeoutMs)}.`,
              "Check that the cluster API is reachable, or retry with a narrower request.",
            )
          : new ToolError(`${what} was cancelled.`),
      );
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([run(signal), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
