// A sentence for a person when a stage fails: forge and tool errors already are sentences;
// anything else is wrapped.
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `Skyflo could not finish this request: ${message}`;
}
