// jenkins_trigger: queues a build with parameters checked against the job's definitions, then
// follows the queue item to its build number while the call's deadline allows. Not idempotent:
// every successful call queues a build, so the result always carries the queue item id (and the
// build number when known) — the executor's journal and the run record keep them, and
// jenkins_build { queueId } finds the build later without triggering again.
import { z } from "zod";
import { dryRunInput, mutationOutput } from "../kubernetes/mutation.ts";
import { defineTool } from "../registry.ts";
import { ToolError } from "../shared/tool-error.ts";
import { requireJenkins } from "./backend.ts";
import { JenkinsUnreachableError } from "./client.ts";
import { jenkinsFailure } from "./errors.ts";
import { jobName, jobPath } from "./names.ts";
import { formatParameters, resolveParameters } from "./parameters.ts";
import { type QueueLookup, waitForBuildNumber } from "./queue.ts";
import { readJob } from "./reads.ts";
import { parametersInput } from "./schemas.ts";

// Part of the call's deadline spent waiting for the queue item to become a build; the rest is
// kept so the answer (with the queue id) always gets back before the deadline cuts the call.
const WAIT_SHARE = 0.6;

/** The change a trigger makes, as the plan PR shows it. */
export function triggerChange(job: string, parameters: ReturnType<typeof resolveParameters>) {
  const line =
    parameters.length > 0 ? `+ build ${job} with ${formatParameters(parameters)}` : `+ build ${job}`;
  return { key: `jenkins/job/${job}`, changed: true, diff: `${line}\n` };
}

function queueIdOf(location: string | null): number | null {
  const match = /\/queue\/item\/(\d+)\/?$/.exec(location ?? "");
  return match ? Number(match[1]) : null;
}

export const triggerTool = defineTool({
  name: "jenkins_trigger",
  title: "Trigger a Jenkins build",
  description:
    "Queues a build of a Jenkins job. Parameters are checked against the job's definitions first (unknown names, " +
    "wrong types and choices outside the list are refused, listing the valid ones); parameters left out get the " +
    "job's default and the diff shows every value. With dryRun: true everything is checked and nothing is queued. " +
    "Otherwise returns the queue item id and, when the build starts within the call's deadline, the build number " +
    "(else null: resolve it later with jenkins_build {job, queueId}). Not idempotent: every call queues another " +
    "build, so never repeat a call whose outcome is unknown — look for the build with jenkins_build or jenkins_builds.",
  family: "jenkins",
  input: z.object({
    job: jobName,
    parameters: parametersInput,
    dryRun: dryRunInput.describe(
      "When true nothing is queued: the job and parameters are checked and the diff is returned.",
    ),
  }),
  output: mutationOutput.extend({
    job: z.string(),
    parameters: z
      .record(z.string(), z.union([z.string(), z.boolean()]))
      .describe("Every value the build runs with"),
    queueId: z.number().int().nullable().describe("The queue item Jenkins created; null in a dry run"),
    buildNumber: z
      .number()
      .int()
      .nullable()
      .describe("The build number, when the build started within the call"),
    buildUrl: z.string().nullable(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  targets: () => [],
  async handler(args, { jenkins, policy, signal }) {
    const startedAt = Date.now();
    const client = requireJenkins(jenkins, "jenkins_trigger");
    const job = await readJob(client, args.job, signal);
    if (!job.buildable) {
      throw new ToolError(
        `Job "${args.job}" is disabled on Jenkins at ${client.url}, so it cannot be built.`,
        "Enable it in Jenkins first.",
      );
    }
    const resolved = resolveParameters(args.job, job.parameters, args.parameters);
    const values = Object.fromEntries(resolved.map((p) => [p.name, p.value]));
    const change = triggerChange(args.job, resolved);
    const withText = resolved.length > 0 ? ` with ${formatParameters(resolved)}` : "";
    const base = { changed: true, objects: [change], job: args.job, parameters: values };
    if (args.dryRun) {
      return {
        summary: `Dry run: would build job "${args.job}"${withText}.`,
        data: { ...base, dryRun: true, queueId: null, buildNumber: null, buildUrl: null },
      };
    }

    const parameterized = job.parameters.length > 0;
    const form = new URLSearchParams(resolved.map((p): [string, string] => [p.name, String(p.value)]));
    let response: Awaited<ReturnType<typeof client.request>>;
    try {
      response = await client.request(
        `${jobPath(args.job)}/${parameterized ? "buildWithParameters" : "build"}`,
        {
          method: "POST",
          form: parameterized ? form : undefined,
          signal,
        },
      );
    } catch (error) {
      if (error instanceof JenkinsUnreachableError) {
        throw new ToolError(
          `${error.message} Whether Jenkins queued a build of job "${args.job}" is unknown.`,
          "Check jenkins_builds for that job before triggering it again.",
        );
      }
      throw error;
    }
    if (response.status >= 400)
      throw jenkinsFailure(client, response, {
        action: `build job "${args.job}"`,
        notFound: `Job "${args.job}" does not exist on Jenkins at ${client.url}.`,
      });

    const queueId = queueIdOf(response.headers.get("location"));
    if (queueId === null) {
      return {
        summary: `Triggered job "${args.job}"${withText}; Jenkins did not say which queue item it created — find the build with jenkins_builds.`,
        data: { ...base, dryRun: false, queueId: null, buildNumber: null, buildUrl: null },
      };
    }
    const deadline = startedAt + policy.settings.callTimeoutMs * WAIT_SHARE;
    let lookup: QueueLookup;
    try {
      lookup = await waitForBuildNumber(client, args.job, queueId, deadline, signal);
    } catch (error) {
      // The build is queued whatever happened while following it: report success with the id.
      const why = error instanceof Error ? error.message : String(error);
      return {
        summary: `Triggered job "${args.job}"${withText}: queue item ${queueId}; following it failed (${why}) — resolve it with jenkins_build {job, queueId: ${queueId}}.`,
        data: { ...base, dryRun: false, queueId, buildNumber: null, buildUrl: null },
      };
    }
    if (lookup.state === "cancelled") {
      throw new ToolError(
        `Jenkins queued job "${args.job}"${withText} as queue item ${queueId}, but the item was cancelled before a build started; no build ran.`,
      );
    }
    if (lookup.state === "started") {
      const buildUrl = `${job.url || `${client.url}${jobPath(args.job)}/`}${lookup.buildNumber}/`;
      return {
        summary: `Triggered job "${args.job}"${withText}: queue item ${queueId} became build #${lookup.buildNumber}.`,
        data: { ...base, dryRun: false, queueId, buildNumber: lookup.buildNumber, buildUrl },
      };
    }
    return {
      summary: `Triggered job "${args.job}"${withText}: queue item ${queueId} has not started yet — resolve it with jenkins_build {job, queueId: ${queueId}}.`,
      data: { ...base, dryRun: false, queueId, buildNumber: null, buildUrl: null },
    };
  },
});
