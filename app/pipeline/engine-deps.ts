// What the engine's stages share: the tools, the cluster, the server's limits, caches and a clock.
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { Policy } from "../../tools/policy.ts";
import type { ToolContext, ToolRegistry } from "../../tools/registry.ts";
import type { LlmPlannerSettings } from "../planner/llm/settings.ts";
import type { CommitFileCache } from "./commit-file-cache.ts";

/** The tools' non-Kubernetes backends (the helm binary, a Jenkins server), when configured. */
export type ToolBackends = Pick<ToolContext, "helm" | "jenkins">;

export interface EngineDeps {
  registry: ToolRegistry;
  kube: KubeClients;
  backends?: ToolBackends;
  /** Server-side limits; a repository may only narrow them. */
  serverPolicy: Policy;
  /** Config and CODEOWNERS read once per commit. */
  files: CommitFileCache;
  /** How long planning may take before the status comment says "planning…" (saves a write when fast). */
  planningNoticeMs?: number;
  now(): Date;
  /**
   * Whether an approved plan is executed (then verified, recorded and merged). Off by default
   * while the execution path is new; the app turns it on.
   */
  executeApproved?: boolean;
  /** Namespace of the plans' lock Leases (default "default"); it must exist in the cluster. */
  lockNamespace?: string;
  /** Multiplies every verify intent's timeout (default 1; tests pass a small one). */
  verifyTimeScale?: number;
  /** The LLM planner (llmSettingsFromEnv); absent: the rules planner plans alone. */
  llm?: LlmPlannerSettings;
}
