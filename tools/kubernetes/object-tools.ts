// The generic object tools: any kind (CRDs included), resolved through discovery.
import type { ToolDefinition } from "../registry.ts";
import { apiResourcesTool } from "./api-resources.ts";
import { applyTool } from "./apply.ts";
import { deleteTool } from "./delete.ts";
import { describeTool } from "./describe.ts";
import { diffManifestsTool } from "./diff-manifests.ts";
import { eventsTool } from "./events.ts";
import { getTool } from "./get.ts";
import { logsTool } from "./logs.ts";
import { patchTool } from "./patch.ts";

export const objectTools: ToolDefinition[] = [
  apiResourcesTool,
  getTool,
  describeTool,
  eventsTool,
  logsTool,
  diffManifestsTool,
  applyTool,
  patchTool,
  deleteTool,
] as ToolDefinition[];
