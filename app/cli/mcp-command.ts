// `skyflo mcp`: serves the tool registry over stdio (or streamable HTTP) against a kubeconfig.
import { parseArgs } from "node:util";
import { type HelmBackend, helmBackendFromEnv } from "../../tools/helm/backend.ts";
import { createToolRegistry } from "../../tools/index.ts";
import { type JenkinsBackend, jenkinsBackendFromEnv } from "../../tools/jenkins/backend.ts";
import { createKubeClients, loadKubeConfig } from "../../tools/kubernetes/client.ts";
import { Policy } from "../../tools/policy.ts";
import { buildServer } from "../../tools/server.ts";
import { serveHttp, serveStdio } from "../../tools/transports.ts";
import type { CliStreams } from "./run-cli.ts";

export interface McpCommandOptions {
  kubeconfig: string | undefined;
  context: string | undefined;
  namespaces: string[];
  allowWrite: boolean;
  http: boolean;
  host: string;
  port: number;
  timeoutMs: number;
}

/** Parses the flags; throws an Error whose message says which flag was wrong and how to fix it. */
export function parseMcpArgs(argv: string[]): McpCommandOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      kubeconfig: { type: "string" },
      context: { type: "string" },
      namespaces: { type: "string" },
      "allow-write": { type: "boolean", default: false },
      http: { type: "boolean", default: false },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "3333" },
      "timeout-ms": { type: "string", default: "30000" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got "${values.port}".`);
  }
  const timeoutMs = Number(values["timeout-ms"]);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) {
    throw new Error(
      `--timeout-ms must be a whole number of milliseconds ≥ 100, got "${values["timeout-ms"]}".`,
    );
  }
  const namespaces = values.namespaces
    ? values.namespaces
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean)
    : ["*"];
  for (const namespace of namespaces) {
    if (!/^(\*|[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?)$/.test(namespace)) {
      throw new Error(`--namespaces: "${namespace}" is not a namespace name or glob (e.g. shop,team-*).`);
    }
  }
  return {
    kubeconfig: values.kubeconfig,
    context: values.context,
    namespaces,
    allowWrite: values["allow-write"] ?? false,
    http: values.http ?? false,
    host: values.host ?? "127.0.0.1",
    port,
    timeoutMs,
  };
}

export async function runMcpCommand(argv: string[], streams: CliStreams): Promise<number> {
  let options: McpCommandOptions;
  try {
    options = parseMcpArgs(argv);
  } catch (error) {
    streams.stderr.write(`skyflo mcp: ${(error as Error).message}\nRun "skyflo help" for usage.\n`);
    return 2;
  }
  let kube: ReturnType<typeof createKubeClients>;
  try {
    kube = createKubeClients(loadKubeConfig({ kubeconfig: options.kubeconfig, context: options.context }));
  } catch (error) {
    streams.stderr.write(`skyflo mcp: cannot load the kubeconfig: ${(error as Error).message}\n`);
    return 1;
  }
  const policy = new Policy({
    allowWrite: options.allowWrite,
    allowNamespaces: options.namespaces,
    callTimeoutMs: options.timeoutMs,
  });
  let backends: { helm: HelmBackend; jenkins: JenkinsBackend | undefined };
  try {
    // The helm binary (SKYFLO_HELM_BINARY) and Jenkins (SKYFLO_JENKINS_URL, _USER, _TOKEN).
    backends = { helm: helmBackendFromEnv(process.env), jenkins: jenkinsBackendFromEnv(process.env) };
  } catch (error) {
    streams.stderr.write(`skyflo mcp: ${(error as Error).message}\n`);
    return 2;
  }
  const registry = createToolRegistry();
  const makeServer = () => buildServer({ registry, context: { ...backends, kube, policy } });
  const mode = options.allowWrite ? "read-write" : "read-only";
  let shutdown: () => Promise<void>;
  if (options.http) {
    const http = await serveHttp(makeServer, { host: options.host, port: options.port });
    const address = http.address();
    const port = typeof address === "object" && address ? address.port : options.port;
    streams.stderr.write(`skyflo mcp: serving ${mode} tools at http://${options.host}:${port}/mcp\n`);
    shutdown = () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
  } else {
    const server = makeServer();
    await serveStdio(server);
    streams.stderr.write(`skyflo mcp: serving ${mode} tools on stdio\n`);
    shutdown = () => server.close();
  }
  // Runs until the client disconnects (stdio) or the process is signalled, then closes cleanly.
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    if (!options.http) process.stdin.once("end", resolve);
  });
  await shutdown();
  return 0;
}
