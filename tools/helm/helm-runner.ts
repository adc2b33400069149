// Runs the helm binary: argv arrays only (never a shell), the clients' kubeconfig passed
// explicitly, an isolated environment, and the call's deadline: when ctx.signal aborts, helm is
// killed. Failures become ToolErrors quoting helm's own message, with known secret values masked.
import { execFile } from "node:child_process";
import type { KubeClients } from "../kubernetes/client.ts";
import { maskValues } from "../kubernetes/secret-values.ts";
import { ToolError } from "../shared/tool-error.ts";
import type { HelmBackend } from "./backend.ts";
import { helmWorkspace } from "./helm-workspace.ts";

const maxOutputBytes = 64 * 1024 * 1024;
const maxQuotedChars = 1500;

export interface HelmCall {
  backend: HelmBackend;
  kube: KubeClients;
  /** helm's arguments after the binary, without --kubeconfig (added here). */
  args: string[];
  signal: AbortSignal;
  /** What is being done, for messages: `upgrade release "shop" in namespace "shop"`. */
  what: string;
  /** Values that must not appear in a message (sensitive values the caller sent). */
  secrets?: string[];
  /** Whether helm talks to the cluster (template does not). */
  cluster?: boolean;
}

interface ExecFailure extends Error {
  code?: number | string | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
  stdout?: string;
  stderr?: string;
}

/** helm's message without its "Error: " prefix and noise, shortened for a sentence. */
function helmMessage(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("WARNING:") && !/^level=(WARN|INFO|DEBUG)/.test(line));
  const message = lines.join(" ").replace(/^Error: /, "");
  return message.length > maxQuotedChars ? `${message.slice(0, maxQuotedChars)}…` : message;
}

function failure(call: HelmCall, error: ExecFailure): ToolError {
  const secrets = (call.secrets ?? [])
    .filter((value) => value.length >= 3)
    .sort((a, b) => b.length - a.length);
  if (error.code === "ENOENT" || error.code === "EACCES") {
    return new ToolError(
      `Cannot ${call.what}: the helm binary "${call.backend.binary}" could not be run (${error.code}).`,
      "Install helm on the tool server or point SKYFLO_HELM_BINARY at it.",
    );
  }
  if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
    return new ToolError(
      `Cannot ${call.what}: helm printed more than ${maxOutputBytes / 1024 / 1024} MiB, more than Skyflo reads.`,
      "The chart renders too much for one call; split it into smaller releases.",
    );
  }
  if (call.signal.aborted || error.killed) {
    return new ToolError(
      `Cannot ${call.what}: helm was stopped because the call's deadline passed.`,
      "The release may be left in a pending state; check it with helm_status before retrying.",
    );
  }
  const said = maskValues(helmMessage(error.stderr ?? "") || error.message, secrets);
  const hint = /context deadline exceeded|timed out waiting/i.test(said)
    ? "helm's --timeout (timeoutSeconds) passed before the release's resources were ready: check its pods and events with k8s_get and k8s_events, or allow more time."
    : undefined;
  return new ToolError(`Cannot ${call.what}: helm said: ${said}`, hint);
}

/** helm's stdout; a ToolError when helm cannot be run or exits non-zero. */
export async function runHelm(call: HelmCall): Promise<string> {
  const workspace = await helmWorkspace(call.kube);
  const args = call.cluster === false ? [...call.args] : [...call.args, "--kubeconfig", workspace.kubeconfig];
  return new Promise((resolve, reject) => {
    execFile(
      call.backend.binary,
      args,
      {
        env: workspace.env,
        cwd: workspace.dir,
        signal: call.signal,
        maxBuffer: maxOutputBytes,
        windowsHide: true,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (error) reject(failure(call, { ...error, message: error.message, stdout, stderr } as ExecFailure));
        else resolve(stdout);
      },
    );
  });
}
