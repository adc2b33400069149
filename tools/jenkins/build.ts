// jenkins_build: one build by number, or by the queue item a trigger returned (resolved through the
// queue while Jenkins remembers the item, then through the builds' own queueId).
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { requireJenkins } from "./backend.ts";
import { buildNumber, jobName, queueId } from "./names.ts";
import { formatParameters } from "./parameters.ts";
import { lookUpQueueItem, unknownQueueItemSentence } from "./queue.ts";
import { type BuildInfo, readBuild } from "./reads.ts";
import { buildInfoSchema } from "./schemas.ts";

function describeBuild(build: BuildInfo): string {
  const state = build.building ? "is building" : `finished ${build.result ?? "without a result"}`;
  const seconds = Math.round(build.durationMs / 100) / 10;
  const took = build.building ? "" : ` in ${seconds} s`;
  const params =
    build.parameters.length > 0
      ? ` with ${formatParameters(build.parameters.filter((p) => p.value !== null) as Array<{ name: string; value: string | boolean }>)}`
      : "";
  return `Build #${build.number} of job "${build.job}"${params} ${state}${took}.`;
}

export const buildTool = defineTool({
  name: "jenkins_build",
  title: "Read a Jenkins build",
  description:
    "Reads one build of a Jenkins job: result (SUCCESS, FAILURE, UNSTABLE, ABORTED; null while building), duration, " +
    "parameters, causes and changesets. Name it by `build` number, or by `queueId` (what jenkins_trigger returns): " +
    "while the build waits in the queue the answer says so (status queued, with Jenkins' reason); after Jenkins " +
    "forgot the queue item (about 5 minutes after the build started) the newest builds are searched for it.",
  family: "jenkins",
  input: z
    .object({
      job: jobName,
      build: buildNumber.optional(),
      queueId: queueId.optional().describe("The queue item id a trigger returned, instead of a build number"),
    })
    .refine((args) => (args.build === undefined) !== (args.queueId === undefined), {
      message: "give exactly one of build (a build number) and queueId (a queue item id)",
    }),
  output: z.object({
    job: z.string(),
    status: z.enum(["queued", "cancelled", "building", "finished"]),
    queueId: z.number().int().nullable(),
    why: z.string().nullable().describe("Why a queued build has not started, as Jenkins says it"),
    resolvedFrom: z.enum(["build", "queue", "history"]).describe("How the build was found"),
    build: buildInfoSchema.nullable(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  targets: () => [],
  async handler(args, { jenkins, signal }) {
    const client = requireJenkins(jenkins, "jenkins_build");
    let number = args.build;
    let resolvedFrom: "build" | "queue" | "history" = "build";
    if (args.queueId !== undefined) {
      const lookup = await lookUpQueueItem(client, args.job, args.queueId, signal);
      if (lookup.state === "unknown") throw new ToolError(unknownQueueItemSentence(args.job, args.queueId));
      if (lookup.state === "queued" || lookup.state === "cancelled") {
        const queued = lookup.state === "queued";
        return {
          summary: queued
            ? `Queue item ${args.queueId} of job "${args.job}" is still waiting${lookup.why ? `: ${lookup.why}` : ""}.`
            : `Queue item ${args.queueId} of job "${args.job}" was cancelled before a build started.`,
          data: {
            job: args.job,
            status: lookup.state,
            queueId: args.queueId,
            why: queued ? lookup.why : null,
            resolvedFrom: "queue" as const,
            build: null,
          },
        };
      }
      number = lookup.buildNumber;
      resolvedFrom = lookup.via;
    }
    const build = await readBuild(client, args.job, number as number, signal);
    return {
      summary: describeBuild(build),
      data: {
        job: args.job,
        status: build.building ? ("building" as const) : ("finished" as const),
        queueId: build.queueId ?? args.queueId ?? null,
        why: null,
        resolvedFrom,
        build,
      },
    };
  },
});
