// What the engine's stages share: the tools, the cluster, the server's limits, caches and a clock.
import type { KubeClients } from "../../tools/kubernetes/client.ts";
import type { Policy } from "../../tools/policy.ts";
import type { ToolRegistry } from "../../tools/registry.ts";
import type { CommitFileCache } from "./commit-file-cache.ts";

export interface EngineDeps {
  registry: ToolRegistry;
  kube: KubeClients;
  /** Server-side limits; a repository may only narrow them. */
  serverPolicy: Policy;
  /** Config and CODEOWNERS read once per commit. */
  files: CommitFileCache;
  /** How long planning may take before the status comment says "planning…" (saves a write when fast). */
  planningNoticeMs?: number;
  now(): Date;
}
