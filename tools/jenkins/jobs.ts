// jenkins_jobs: the jobs and folders at Jenkins' top level or in one folder, bounded.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { requireJenkins } from "./backend.ts";
import { jobName } from "./names.ts";
import { listJobs } from "./reads.ts";

const maxJobs = 500;

export const jobsTool = defineTool({
  name: "jenkins_jobs",
  title: "List Jenkins jobs",
  description:
    "Lists the jobs and folders at the top of Jenkins, or inside one folder (folder: team/apps). Each row gives the " +
    "name, the full name to pass to other Jenkins tools, whether it is a job or a folder, and the job's status " +
    `color (blue = last build succeeded, red = failed, *_anime = building). At most \`limit\` rows (max ${maxJobs}); ` +
    "`truncated: true` when there are more.",
  family: "jenkins",
  input: z.object({
    folder: jobName.optional().describe("A folder to list, e.g. team/apps; the top level when left out"),
    limit: z.number().int().min(1).max(maxJobs).default(100).describe(`Most rows to return (1–${maxJobs})`),
  }),
  output: z.object({
    jobs: z.array(
      z.object({
        name: z.string(),
        fullName: z.string(),
        kind: z.enum(["job", "folder"]),
        color: z.string().nullable(),
      }),
    ),
    truncated: z.boolean(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  targets: () => [],
  async handler(args, { jenkins, signal }) {
    const client = requireJenkins(jenkins, "jenkins_jobs");
    const { jobs, truncated } = await listJobs(client, args.folder, args.limit, signal);
    const where = args.folder ? `in folder "${args.folder}"` : "at the top level";
    const more = truncated ? ` (first ${args.limit}; more exist)` : "";
    return { summary: `${jobs.length} jobs and folders ${where}${more}.`, data: { jobs, truncated } };
  },
});
