// The end of every standalone emulator CLI: run until SIGINT/SIGTERM, then close and exit 0
// (1 when closing fails), and turn a start-up failure into one line and exit 1.

export function closeOnSignal(name: string, close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: error while closing: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

export function exitOnStartFailure(name: string, started: Promise<void>): void {
  started.catch((error: unknown) => {
    console.error(`${name}: ${(error as Error).message}`);
    process.exit(1);
  });
}
