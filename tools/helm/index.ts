// The Helm tool family: reads straight from Helm's release Secrets, changes through the helm binary.
import type { ToolDefinition } from "../registry.ts";
import { helmGetManifestTool } from "./get-manifest.ts";
import { helmGetValuesTool } from "./get-values.ts";
import { helmHistoryTool } from "./history.ts";
import { helmInstallTool } from "./install.ts";
import { helmListTool } from "./list.ts";
import { helmRollbackTool } from "./rollback.ts";
import { helmStatusTool } from "./status.ts";
import { helmTemplateTool } from "./template.ts";
import { helmUninstallTool } from "./uninstall.ts";
import { helmUpgradeTool } from "./upgrade.ts";

export { type HelmBackend, helmBackendFromEnv } from "./backend.ts";
export { disposeHelmWorkspaces } from "./helm-workspace.ts";

export const helmTools: ToolDefinition[] = [
  helmListTool,
  helmStatusTool,
  helmHistoryTool,
  helmGetValuesTool,
  helmGetManifestTool,
  helmTemplateTool,
  helmInstallTool,
  helmUpgradeTool,
  helmRollbackTool,
  helmUninstallTool,
] as ToolDefinition[];
