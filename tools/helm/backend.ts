// Where the `helm` binary is and where local charts live: a server setting, never a tool argument.
// Only the mutating Helm tools and helm_template run the binary; the read tools need no backend.
import { ToolError } from "../shared/tool-error.ts";

export interface HelmBackend {
  /** Path or name (looked up on PATH) of the helm executable. */
  binary: string;
  /** Directory that repo-relative chart paths resolve under; default process.cwd(). */
  chartsRoot?: string;
}

/** The backend from SKYFLO_HELM_BINARY (default "helm") and SKYFLO_HELM_CHARTS_ROOT (optional). */
export function helmBackendFromEnv(env: Record<string, string | undefined> = process.env): HelmBackend {
  const binary = env.SKYFLO_HELM_BINARY?.trim() || "helm";
  const chartsRoot = env.SKYFLO_HELM_CHARTS_ROOT?.trim();
  return chartsRoot ? { binary, chartsRoot } : { binary };
}

/** The backend of a call, or a sentence saying the server was started without one. */
export function requireHelmBackend(tool: string, backend: HelmBackend | undefined): HelmBackend {
  if (backend) return backend;
  throw new ToolError(
    `${tool} needs the helm binary, but this tool server was started without a Helm backend.`,
    'Start it with a Helm backend (SKYFLO_HELM_BINARY names the binary, default "helm"), or use the read-only helm_* tools, which need no binary.',
  );
}
