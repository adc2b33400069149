// Every Kubernetes tool, in the order they are listed to clients.
import type { ToolDefinition } from "../registry.ts";
import { objectTools } from "./object-tools.ts";
import { workloadTools } from "./workload-tools.ts";

export const kubernetesTools: ToolDefinition[] = [...objectTools, ...workloadTools];
