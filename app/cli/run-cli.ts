// Dispatches `skyflo <command>` to its module. Commands write only to the streams they are given
// (stdout is the MCP channel for `skyflo mcp`, so logs go to stderr).
import { runMcpCommand } from "./mcp-command.ts";
import { runServeCommand } from "./serve-command.ts";

export interface CliStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const usage = `skyflo — approval-gated agent for Kubernetes and CI/CD

Usage:
  skyflo mcp [--kubeconfig PATH] [--context NAME] [--namespaces a,b] [--allow-write]
             [--http] [--host 127.0.0.1] [--port 3333] [--timeout-ms 30000]
      Serve Skyflo's tools over MCP (stdio by default). Read-only unless --allow-write.
  skyflo serve [--host 0.0.0.0] [--port 3000] [--webhook-path /api/github/webhooks]
               [--drain-timeout-ms 25000]
      Run the GitHub App: receive webhooks, plan in pull requests. Reads APP_ID, PRIVATE_KEY or
      PRIVATE_KEY_PATH, WEBHOOK_SECRET, GHE_HOST/GHE_PROTOCOL (GitHub Enterprise Server),
      LOG_LEVEL, LOG_FORMAT, PORT/HOST, and KUBECONFIG (or in-cluster credentials).
      Drains queued work on SIGTERM; /healthz and /readyz for probes.
  skyflo help
      Show this text.
`;

export async function runCli(argv: string[], streams: CliStreams): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "mcp":
      return runMcpCommand(rest, streams);
    case "serve":
      return runServeCommand(rest, streams);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      streams.stdout.write(usage);
      return 0;
    default:
      streams.stderr.write(`Unknown command "${command}".\n\n${usage}`);
      return 2;
  }
}
