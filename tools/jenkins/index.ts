// The Jenkins tool family: reads of jobs, builds and logs; triggering and stopping builds.
import type { ToolDefinition } from "../registry.ts";
import { buildTool } from "./build.ts";
import { buildsTool } from "./builds.ts";
import { jobTool } from "./job.ts";
import { jobsTool } from "./jobs.ts";
import { logTool } from "./log.ts";
import { stopTool } from "./stop.ts";
import { triggerTool } from "./trigger.ts";

export { createJenkinsBackend, JenkinsBackend, jenkinsBackendFromEnv } from "./backend.ts";

export const jenkinsTools: ToolDefinition[] = [
  jobsTool,
  jobTool,
  buildsTool,
  buildTool,
  logTool,
  triggerTool,
  stopTool,
] as unknown as ToolDefinition[];
