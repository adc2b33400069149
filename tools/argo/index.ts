// Every Argo Rollouts tool, in the order they are listed to clients.
import type { ToolDefinition } from "../registry.ts";
import { argoAbortTool } from "./abort.ts";
import { argoHistoryTool } from "./history.ts";
import { argoListTool } from "./list.ts";
import { argoPauseTool } from "./pause.ts";
import { argoPromoteTool } from "./promote.ts";
import { argoPromoteFullTool } from "./promote-full.ts";
import { argoRestartTool } from "./restart.ts";
import { argoResumeTool } from "./resume.ts";
import { argoRetryTool } from "./retry.ts";
import { argoSetImageTool } from "./set-image.ts";
import { argoStatusTool } from "./status.ts";
import { argoUndoTool } from "./undo.ts";

export const argoTools: ToolDefinition[] = [
  argoListTool,
  argoStatusTool,
  argoHistoryTool,
  argoPauseTool,
  argoResumeTool,
  argoPromoteTool,
  argoPromoteFullTool,
  argoAbortTool,
  argoRetryTool,
  argoRestartTool,
  argoUndoTool,
  argoSetImageTool,
] as ToolDefinition[];
