// `npm run github-emulator -- [--port N] [--host H] [--webhook-url URL] [--webhook-secret S] [--owner LOGIN]
// [--app-id N]`: runs the emulator until SIGINT/SIGTERM, printing GITHUB_API_URL, APP_ID,
// PRIVATE_KEY_PATH, INSTALLATION_ID (the app's installation on --owner, reserved at start) and
// WEBHOOK_SECRET, one per line, once it listens.
import { parseArgs } from "node:util";
import { closeOnSignal, exitOnStartFailure } from "../serve-until-signal.ts";
import { startGitHubEmulator } from "./index.ts";

const usage =
  "usage: npm run github-emulator -- [--port N] [--host H] [--webhook-url URL] [--webhook-secret S] [--owner LOGIN] [--app-id N]";

function positiveInteger(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new Error(`--${flag} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "webhook-url": { type: "string" },
      "webhook-secret": { type: "string" },
      owner: { type: "string" },
      "app-id": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const port = positiveInteger("port", values.port, 0, 0);
  if (port > 65535) throw new Error(`--port must be at most 65535, got ${port}`);
  const webhookUrl = values["webhook-url"];
  if (webhookUrl !== undefined && !URL.canParse(webhookUrl)) {
    throw new Error(
      `--webhook-url must be an absolute URL such as http://127.0.0.1:3000/api/github/webhooks, got "${webhookUrl}"`,
    );
  }
  const owner = values.owner ?? "acme";
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(owner))
    throw new Error(`--owner must be a GitHub login, got "${owner}"`);
  if (values["webhook-secret"] === "") throw new Error("--webhook-secret must not be empty");
  return {
    port,
    host: values.host ?? "127.0.0.1",
    ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    ...(values["webhook-secret"] !== undefined ? { webhookSecret: values["webhook-secret"] } : {}),
    appId: positiveInteger("app-id", values["app-id"], 424242, 1),
    owner,
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`github-emulator: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const { owner, ...emulatorOptions } = options;
  const emulator = await startGitHubEmulator(emulatorOptions);
  console.log(`GITHUB_API_URL=${emulator.url}`);
  console.log(`APP_ID=${emulator.appId}`);
  console.log(`PRIVATE_KEY_PATH=${emulator.privateKeyPath}`);
  console.log(`INSTALLATION_ID=${emulator.installationId(owner)}`);
  console.log(`WEBHOOK_SECRET=${emulator.webhookSecret}`);
  closeOnSignal("github-emulator", () => emulator.close());
}

exitOnStartFailure("github-emulator", main());
