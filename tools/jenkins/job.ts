// jenkins_job: one job's parameter definitions, SCM and latest builds.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { requireJenkins } from "./backend.ts";
import { jobName } from "./names.ts";
import { describeDefinitions } from "./parameters.ts";
import { readJob } from "./reads.ts";
import { parameterDefinitionSchema } from "./schemas.ts";

export const jobTool = defineTool({
  name: "jenkins_job",
  title: "Read a Jenkins job",
  description:
    "Reads one Jenkins job: its parameter definitions (name, type, default, choices — what jenkins_trigger accepts), " +
    "its SCM (repository URLs and branches, for Git), whether it can be built, and the numbers of its next, last, " +
    "last completed and last successful builds. Use it before triggering a build.",
  family: "jenkins",
  input: z.object({ job: jobName }),
  output: z.object({
    name: z.string(),
    fullName: z.string(),
    url: z.string(),
    description: z.string(),
    buildable: z.boolean(),
    color: z.string(),
    inQueue: z.boolean(),
    nextBuildNumber: z.number().int().nullable(),
    lastBuild: z.number().int().nullable(),
    lastCompletedBuild: z.number().int().nullable(),
    lastSuccessfulBuild: z.number().int().nullable(),
    parameters: z.array(parameterDefinitionSchema),
    scm: z
      .object({ type: z.string(), remotes: z.array(z.string()), branches: z.array(z.string()) })
      .nullable(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  targets: () => [],
  async handler(args, { jenkins, signal }) {
    const client = requireJenkins(jenkins, "jenkins_job");
    const job = await readJob(client, args.job, signal);
    const last = job.lastBuild === null ? "never built" : `last build #${job.lastBuild}`;
    return {
      summary: `Job "${job.fullName}" (${job.buildable ? "buildable" : "disabled"}, ${last}); ${describeDefinitions(job.parameters)}.`,
      data: job,
    };
  },
});
