// jenkins_builds: a job's newest builds, bounded.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { requireJenkins } from "./backend.ts";
import { jobName } from "./names.ts";
import { listBuilds } from "./reads.ts";
import { buildSummarySchema } from "./schemas.ts";

const maxBuilds = 100;

export const buildsTool = defineTool({
  name: "jenkins_builds",
  title: "List a Jenkins job's builds",
  description:
    "Lists the newest builds of a Jenkins job, newest first: number, result (null while building), whether it is " +
    `building, duration, start time and the queue item it came from. At most \`limit\` builds (max ${maxBuilds}); ` +
    "`truncated: true` when older ones exist. Use jenkins_build for one build's parameters and changes.",
  family: "jenkins",
  input: z.object({
    job: jobName,
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxBuilds)
      .default(20)
      .describe(`Most builds to return (1–${maxBuilds})`),
  }),
  output: z.object({ job: z.string(), builds: z.array(buildSummarySchema), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  targets: () => [],
  async handler(args, { jenkins, signal }) {
    const client = requireJenkins(jenkins, "jenkins_builds");
    const { builds, truncated } = await listBuilds(client, args.job, args.limit, signal);
    const newest = builds[0];
    const latest = newest
      ? `; newest #${newest.number} ${newest.building ? "building" : (newest.result ?? "")}`
      : "";
    return {
      summary: `${builds.length} builds of job "${args.job}"${truncated ? " (more exist)" : ""}${latest}.`,
      data: { job: args.job, builds, truncated },
    };
  },
});
