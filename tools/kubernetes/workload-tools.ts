// The workload tools (Deployments, StatefulSets, DaemonSets; ReplicaSets for scale), in listing order.
import type { ToolDefinition } from "../registry.ts";
import { rolloutHistoryTool } from "./rollout-history.ts";
import { rolloutRestartTool } from "./rollout-restart.ts";
import { rolloutStatusTool } from "./rollout-status.ts";
import { rolloutUndoTool } from "./rollout-undo.ts";
import { scaleTool } from "./scale.ts";
import { setImageTool } from "./set-image.ts";

export const workloadTools: ToolDefinition[] = [
  rolloutStatusTool,
  rolloutHistoryTool,
  scaleTool,
  setImageTool,
  rolloutRestartTool,
  rolloutUndoTool,
] as ToolDefinition[];
