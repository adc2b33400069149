// `npm run kube-emulator -- [--port N] [--host H] [--ready-delay-ms N]`: runs the emulator until
// SIGINT/SIGTERM, printing KUBE_API_URL=... and KUBECONFIG=... once it listens.
import { parseArgs } from "node:util";
import { closeOnSignal, exitOnStartFailure } from "../serve-until-signal.ts";
import { startKubeEmulator } from "./index.ts";

const usage = "usage: npm run kube-emulator -- [--port N] [--host H] [--ready-delay-ms N]";

function nonNegativeInteger(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new Error(`--${flag} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function parseOptions(argv: string[]): { host: string; port: number; readyDelayMs: number } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "ready-delay-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = nonNegativeInteger("port", values.port, 0);
  if (port > 65535) throw new Error(`--port must be at most 65535, got ${port}`);
  return {
    host: values.host ?? "127.0.0.1",
    port,
    readyDelayMs: nonNegativeInteger("ready-delay-ms", values["ready-delay-ms"], 50),
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`kube-emulator: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const emulator = await startKubeEmulator(options);
  console.log(`KUBE_API_URL=${emulator.url}`);
  console.log(`KUBECONFIG=${emulator.kubeconfigPath}`);
  closeOnSignal("kube-emulator", () => emulator.close());
}

exitOnStartFailure("kube-emulator", main());
