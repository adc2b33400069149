// `skyflo serve`: the GitHub App. Reads the environment (GitHub App settings, KUBECONFIG or
// in-cluster credentials), starts the host, and drains queued work on SIGTERM before exiting.
import { parseArgs } from "node:util";
import { helmBackendFromEnv } from "../../tools/helm/backend.ts";
import { jenkinsBackendFromEnv } from "../../tools/jenkins/backend.ts";
import { createKubeClients, type KubeClients, loadKubeConfig } from "../../tools/kubernetes/client.ts";
import type { Policy } from "../../tools/policy.ts";
import {
  type EngineSettings,
  EngineSettingsError,
  engineSettingsFromEnv,
} from "../config/engine-settings.ts";
import { ServerPolicyError, serverPolicyFromEnvironment } from "../config/server-policy.ts";
import { createSkyfloApp } from "../pipeline/app.ts";
import type { ToolBackends } from "../pipeline/engine-deps.ts";
import { type LlmPlannerSettings, llmSettingsFromEnv } from "../planner/llm/settings.ts";
import { createProbot, type Settings, SettingsError } from "../server/create-probot.ts";
import {
  createSkyfloServer,
  DEFAULT_DRAIN_DEADLINE_MS,
  DEFAULT_WEBHOOK_PATH,
  type SkyfloServer,
} from "../server/skyflo-server.ts";
import { createWorkQueue } from "../server/work-queue.ts";
import type { CliStreams } from "./run-cli.ts";

export interface ServeCommandOptions {
  host: string;
  port: number;
  webhookPath: string;
  drainDeadlineMs: number;
}

export interface ServeRuntime {
  /** Environment variables; default process.env. */
  env?: Settings;
  /** Resolves when the server should drain and stop; default: the first SIGTERM or SIGINT. */
  waitForShutdown?: () => Promise<void>;
}

/** Flags win over the environment (PORT, HOST, WEBHOOK_PATH, DRAIN_TIMEOUT_MS). Throws a sentence naming the bad one. */
export function parseServeArgs(argv: string[], env: Settings = {}): ServeCommandOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "webhook-path": { type: "string" },
      "drain-timeout-ms": { type: "string" },
    },
  });
  const pick = (flag: string | undefined, variable: string, fallback: string) => {
    if (flag !== undefined) return { text: flag, source: `--${variable.toLowerCase().replace(/_/g, "-")}` };
    const fromEnv = env[variable]?.trim();
    return fromEnv ? { text: fromEnv, source: variable } : { text: fallback, source: variable };
  };
  const port = pick(values.port, "PORT", "3000");
  const portNumber = Number(port.text);
  if (!/^\d+$/.test(port.text) || portNumber > 65535) {
    throw new Error(`${port.source} must be a whole number from 0 to 65535, got "${port.text}".`);
  }
  const host = pick(values.host, "HOST", "0.0.0.0");
  const webhookPath = pick(values["webhook-path"], "WEBHOOK_PATH", DEFAULT_WEBHOOK_PATH);
  if (!/^\/[\w\-./]*$/.test(webhookPath.text)) {
    throw new Error(`${webhookPath.source} must be a URL path starting with "/", got "${webhookPath.text}".`);
  }
  const drain = pick(values["drain-timeout-ms"], "DRAIN_TIMEOUT_MS", String(DEFAULT_DRAIN_DEADLINE_MS));
  const drainDeadlineMs = Number(drain.text);
  if (!/^\d+$/.test(drain.text)) {
    throw new Error(`${drain.source} must be a whole number of milliseconds, got "${drain.text}".`);
  }
  return { host: host.text, port: portNumber, webhookPath: webhookPath.text, drainDeadlineMs };
}

export async function runServeCommand(
  argv: string[],
  streams: CliStreams,
  runtime: ServeRuntime = {},
): Promise<number> {
  const env = runtime.env ?? process.env;
  const fail = (code: number, message: string) => {
    streams.stderr.write(`skyflo serve: ${message}\n`);
    return code;
  };
  let options: ServeCommandOptions;
  try {
    options = parseServeArgs(argv, env);
  } catch (error) {
    return fail(2, `${(error as Error).message}\nRun "skyflo help" for usage.`);
  }
  let probot: ReturnType<typeof createProbot>;
  try {
    probot = createProbot(env);
  } catch (error) {
    if (error instanceof SettingsError) return fail(2, error.message);
    throw error;
  }
  let kube: KubeClients;
  try {
    kube = createKubeClients(loadKubeConfig({ kubeconfig: env.KUBECONFIG?.trim() || undefined }));
  } catch (error) {
    return fail(
      1,
      `cannot load the Kubernetes configuration: ${(error as Error).message} Set KUBECONFIG, or run in a pod with a service account.`,
    );
  }
  let serverPolicy: Policy;
  let engine: EngineSettings;
  try {
    serverPolicy = serverPolicyFromEnvironment(env);
    engine = engineSettingsFromEnv(env);
  } catch (error) {
    if (error instanceof ServerPolicyError || error instanceof EngineSettingsError)
      return fail(2, error.message);
    throw error;
  }
  let backends: ToolBackends;
  let llm: LlmPlannerSettings | undefined;
  try {
    backends = { helm: helmBackendFromEnv(env), jenkins: jenkinsBackendFromEnv(env) };
    llm = llmSettingsFromEnv(env);
  } catch (error) {
    return fail(2, (error as Error).message);
  }
  const queue = createWorkQueue({ log: probot.log });
  let server: SkyfloServer;
  try {
    server = await createSkyfloServer({
      appFn: createSkyfloApp({ queue, kube, serverPolicy, ...engine, backends, llm }),
      probot,
      queue,
      host: options.host,
      port: options.port,
      webhookPath: options.webhookPath,
      drainDeadlineMs: options.drainDeadlineMs,
    });
  } catch (error) {
    return fail(1, `cannot start the server on ${options.host}:${options.port}: ${(error as Error).message}`);
  }
  streams.stderr.write(
    `skyflo serve: planning with ${llm ? `${llm.rulesFirst ? "the rules grammar first, then " : ""}the model ${llm.model} at ${new URL(llm.baseUrl).origin}` : "the rules grammar (no SKYFLO_LLM_MODEL)"}\n`,
  );
  streams.stderr.write(
    `skyflo serve: receiving GitHub webhooks at ${server.webhookUrl} (health: ${server.url}/healthz, readiness: ${server.url}/readyz)\n`,
  );
  const realProcess = runtime.waitForShutdown === undefined;
  await (runtime.waitForShutdown ?? waitForSignal)();
  streams.stderr.write("skyflo serve: draining: no new webhooks, finishing queued work\n");
  if (realProcess) {
    // A second signal while draining means "stop now".
    const stopNow = () => process.exit(1);
    process.once("SIGTERM", stopNow);
    process.once("SIGINT", stopNow);
  }
  const result = await server.drain(options.drainDeadlineMs);
  await server.close();
  if (!result.finished) {
    // Unfinished jobs may hold sockets open; do not let them keep the process alive.
    if (realProcess) setTimeout(() => process.exit(1), 1000).unref();
    return fail(1, `stopped with ${result.pending} job(s) unfinished after ${options.drainDeadlineMs} ms.`);
  }
  streams.stderr.write("skyflo serve: drained and stopped\n");
  return 0;
}

function waitForSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      resolve();
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
}
