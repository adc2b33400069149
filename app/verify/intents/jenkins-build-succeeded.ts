// jenkins_build_succeeded {job, build | queueId | sinceBuild [+ parameters]}: the build finished
// with result SUCCESS before the intent's deadline; FAILURE, UNSTABLE, ABORTED (any other result)
// fail at once. Jenkins has no watch, so the build is polled.
//
// Which build:
//   build       — that build number.
//   queueId     — the build that came from that queue item (what jenkins_trigger returned), found
//                 through the queue while Jenkins remembers the item, then through the builds' queueId.
//   sinceBuild  — the newest build numbered sinceBuild or later whose parameters include every
//                 `parameters` value. A plan is written before its build exists, so the rules
//                 planner names the job's next build number at planning time and the parameters.
import { z } from "zod";
import type { JenkinsBackend } from "../../../tools/jenkins/backend.ts";
import { JenkinsUnreachableError } from "../../../tools/jenkins/client.ts";
import { JenkinsHttpError } from "../../../tools/jenkins/errors.ts";
import {
  buildNumber,
  jobName,
  parameterName,
  parameterValue,
  queueId,
} from "../../../tools/jenkins/names.ts";
import { formatParameters } from "../../../tools/jenkins/parameters.ts";
import { lookUpQueueItem, unknownQueueItemSentence } from "../../../tools/jenkins/queue.ts";
import { listBuildsWithParameters, readBuild, readJob } from "../../../tools/jenkins/reads.ts";
import { ToolError } from "../../../tools/shared/tool-error.ts";
import type { IntentKind, Observation } from "../types.ts";
import { VerifyError } from "../types.ts";

const JenkinsBuildArgsSchema = z
  .strictObject({
    job: jobName,
    build: buildNumber.optional(),
    queueId: queueId.optional(),
    sinceBuild: buildNumber.optional(),
    parameters: z.record(parameterName, parameterValue).optional(),
  })
  .refine((args) => [args.build, args.queueId, args.sinceBuild].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of build, queueId and sinceBuild",
  })
  .refine((args) => args.parameters === undefined || args.sinceBuild !== undefined, {
    message: "parameters only narrow sinceBuild; leave them out with build or queueId",
  });

export type JenkinsBuildArgs = z.output<typeof JenkinsBuildArgsSchema>;

/** Builds searched for one matching sinceBuild + parameters. */
const SEARCH_DEPTH = 50;
// Lasting answers: the job or build is not there, or Skyflo may not see it.
const lasting = new Set([400, 401, 403, 404]);

function whichBuild(args: JenkinsBuildArgs): string {
  if (args.build !== undefined) return `build #${args.build} of job "${args.job}"`;
  if (args.queueId !== undefined) return `the build of job "${args.job}" from queue item ${args.queueId}`;
  const params =
    args.parameters && Object.keys(args.parameters).length > 0
      ? ` with ${formatParameters(Object.entries(args.parameters).map(([name, value]) => ({ name, value })))}`
      : "";
  return `the newest build of job "${args.job}" from #${args.sinceBuild} on${params}`;
}

function sameValue(a: string | boolean | null, b: string | boolean): boolean {
  return a !== null && String(a) === String(b);
}

/** The build number to judge, or an observation while there is none yet. */
async function resolveNumber(
  jenkins: JenkinsBackend,
  args: JenkinsBuildArgs,
  signal: AbortSignal,
): Promise<number | Observation> {
  if (args.build !== undefined) return args.build;
  if (args.queueId !== undefined) {
    const lookup = await lookUpQueueItem(jenkins, args.job, args.queueId, signal);
    switch (lookup.state) {
      case "started":
        return lookup.buildNumber;
      case "queued":
        return {
          status: "waiting",
          observed: `queue item ${args.queueId} is still waiting${lookup.why ? `: ${lookup.why}` : ""}`,
        };
      case "cancelled":
        return { status: "failed", observed: `queue item ${args.queueId} was cancelled; no build ran` };
      case "unknown":
        return { status: "failed", observed: unknownQueueItemSentence(args.job, args.queueId) };
    }
  }
  const since = args.sinceBuild as number;
  const wanted = Object.entries(args.parameters ?? {});
  const { builds } = await listBuildsWithParameters(jenkins, args.job, SEARCH_DEPTH, signal);
  const match = builds.find(
    (b) =>
      b.number >= since &&
      wanted.every(([name, value]) => b.parameters.some((p) => p.name === name && sameValue(p.value, value))),
  );
  if (match) return match.number;
  const newest = builds[0] ? `; the newest is #${builds[0].number}` : "; the job has no builds";
  return { status: "waiting", observed: `no build from #${since} on with those parameters yet${newest}` };
}

async function look(
  jenkins: JenkinsBackend,
  args: JenkinsBuildArgs,
  signal: AbortSignal,
): Promise<Observation> {
  const number = await resolveNumber(jenkins, args, signal);
  if (typeof number !== "number") return number;
  const build = await readBuild(jenkins, args.job, number, signal).catch(async (error: unknown) => {
    if (!(error instanceof JenkinsHttpError) || error.status !== 404) throw error;
    // A build that has not started yet is not there either: wait for it unless its number is taken.
    const job = await readJob(jenkins, args.job, signal);
    if (job.nextBuildNumber !== null && number >= job.nextBuildNumber) return undefined;
    // It may have started between the two reads; if it is still not there, it was discarded.
    return readBuild(jenkins, args.job, number, signal);
  });
  if (build === undefined) return { status: "waiting", observed: `build #${number} has not started yet` };
  if (build.building || build.result === null) {
    return {
      status: "waiting",
      observed: `build #${number} is running${build.startedAt ? ` (started ${build.startedAt})` : ""}`,
    };
  }
  const seconds = Math.round(build.durationMs / 100) / 10;
  const observed = `build #${number} finished ${build.result} in ${seconds} s`;
  return { status: build.result === "SUCCESS" ? "passed" : "failed", observed };
}

export const jenkinsBuildSucceeded: IntentKind<JenkinsBuildArgs> = {
  check: "jenkins_build_succeeded",
  args: JenkinsBuildArgsSchema,
  expected: (args) => `${whichBuild(args)} finished SUCCESS`,
  async prepare(args, _kube, _signal, backends) {
    const jenkins = backends.jenkins;
    if (!jenkins) {
      throw new VerifyError(
        "jenkins_build_succeeded needs a Jenkins, and none is configured: set SKYFLO_JENKINS_URL (with SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN) where Skyflo runs.",
      );
    }
    return {
      intervalMs: jenkins.pollIntervalMs,
      async poll(signal) {
        try {
          return await look(jenkins, args, signal);
        } catch (error) {
          // Only an unreachable Jenkins or a server error may pass; a missing job or build, refused
          // credentials or a queue item of another job will not fix themselves before the deadline.
          const passing =
            error instanceof JenkinsUnreachableError ||
            (error instanceof JenkinsHttpError && !lasting.has(error.status));
          if (error instanceof ToolError && !passing) throw new VerifyError(error.message);
          throw error;
        }
      },
    };
  },
};
