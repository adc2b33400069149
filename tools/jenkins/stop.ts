// jenkins_stop: aborts a running build, as the stop button does. Stopping a finished build
// changes nothing, so repeating the call is harmless.
import { z } from "zod";
import { dryRunInput, mutationOutput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { requireJenkins } from "./backend.ts";
import { jenkinsFailure } from "./errors.ts";
import { buildNumber, jobName, jobPath } from "./names.ts";
import { readBuild } from "./reads.ts";

export const stopTool = defineTool({
  name: "jenkins_stop",
  title: "Stop a Jenkins build",
  description:
    "Aborts a running build of a Jenkins job (its result becomes ABORTED), as the stop button does. A build that " +
    "already finished is left alone (changed: false). With dryRun: true the build is read and nothing is stopped. " +
    "Returns the build's state after the request; Jenkins may take a moment to finish aborting.",
  family: "jenkins",
  input: z.object({
    job: jobName,
    build: buildNumber,
    dryRun: dryRunInput.describe("When true nothing is stopped: the build is read and the diff is returned."),
  }),
  output: mutationOutput.extend({
    job: z.string(),
    build: z.number().int(),
    building: z.boolean(),
    result: z.string().nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  targets: () => [],
  async handler(args, { jenkins, signal }) {
    const client = requireJenkins(jenkins, "jenkins_stop");
    const key = `jenkins/job/${args.job}/${args.build}`;
    const before = await readBuild(client, args.job, args.build, signal);
    const name = `job "${args.job}" build #${args.build}`;
    if (!before.building) {
      return {
        summary: `Build #${args.build} of job "${args.job}" already finished (${before.result ?? "no result"}); nothing to stop.`,
        data: {
          dryRun: args.dryRun,
          changed: false,
          objects: [{ key, changed: false, diff: "" }],
          job: args.job,
          build: args.build,
          building: false,
          result: before.result,
        },
      };
    }
    const diff = `- ${name} running\n+ ${name} aborted\n`;
    const objects = [{ key, changed: true, diff }];
    if (args.dryRun) {
      return {
        summary: `Dry run: would stop build #${args.build} of job "${args.job}" (running).`,
        data: {
          dryRun: true,
          changed: true,
          objects,
          job: args.job,
          build: args.build,
          building: true,
          result: null,
        },
      };
    }
    const response = await client.request(`${jobPath(args.job)}/${args.build}/stop`, {
      method: "POST",
      signal,
    });
    if (response.status >= 400) {
      throw jenkinsFailure(client, response, {
        action: `stop build #${args.build} of job "${args.job}"`,
        notFound: `Build #${args.build} of job "${args.job}" does not exist on Jenkins at ${client.url}.`,
      });
    }
    const after = await readBuild(client, args.job, args.build, signal);
    const state = after.building ? "is aborting" : `ended ${after.result ?? "without a result"}`;
    return {
      summary: `Stopped build #${args.build} of job "${args.job}"; it ${state}.`,
      data: {
        dryRun: false,
        changed: true,
        objects,
        job: args.job,
        build: args.build,
        building: after.building,
        result: after.result,
      },
    };
  },
});
