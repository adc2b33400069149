// "build job deploy-web with ENV=prod": reads the job's parameter definitions through jenkins_job
// (read-only), refuses unknown parameters, wrong types and choices outside the list (listing the
// valid ones), and plans one jenkins_trigger step whose args hold every value the build runs with
// (the job's defaults written out for parameters not given). Verified by jenkins_build_succeeded
// on the newest build from the job's next build number on with exactly those parameters: the
// build does not exist yet when the plan is written.

import { formatParameters, resolveParameters } from "../../../../tools/jenkins/parameters.ts";
import type { JobInfo } from "../../../../tools/jenkins/reads.ts";
import { ToolError } from "../../../../tools/shared/tool-error.ts";
import { DEFAULT_VERIFY_TIMEOUT_SECONDS, type PlanVerify } from "../../../plan/index.ts";
import type { ToolCaller } from "../../../tool-caller.ts";
import type { JenkinsRequest } from "../grammar/jenkins.ts";
import { dnsId } from "../plan-ids.ts";
import { buildStep, type DraftContext, type Drafted, refuse } from "./draft.ts";

// Builds take longer than rollouts; a deploy job of half an hour is common.
const BUILD_VERIFY_TIMEOUT_SECONDS = Math.max(DEFAULT_VERIFY_TIMEOUT_SECONDS, 1800);
const NAMES_SHOWN = 30;

type JobRead = { ok: true; job: JobInfo } | { ok: false; reply: string };

/** What exists next to a job that could not be read, when that explains it. */
async function siblings(tools: ToolCaller, job: string): Promise<string | undefined> {
  const folder = job.includes("/") ? job.slice(0, job.lastIndexOf("/")) : undefined;
  const listed = await tools.call("jenkins_jobs", { ...(folder ? { folder } : {}), limit: 500 });
  if (!listed.ok || !Array.isArray(listed.data.jobs)) return undefined;
  const names = (listed.data.jobs as Array<{ fullName?: unknown }>)
    .map((entry) => entry.fullName)
    .filter((name): name is string => typeof name === "string");
  if (names.includes(job)) return undefined;
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  const more = names.length > NAMES_SHOWN ? ` … and ${names.length - NAMES_SHOWN} more` : "";
  const where = folder ? `in folder "${folder}"` : "on Jenkins";
  return names.length === 0 ? `There are no jobs ${where}.` : `Jobs ${where}: ${shown}${more}.`;
}

async function readJob(tools: ToolCaller, job: string): Promise<JobRead> {
  const result = await tools.call("jenkins_job", { job });
  if (result.ok) return { ok: true, job: result.data as unknown as JobInfo };
  const known = /does not exist/.test(result.error) ? await siblings(tools, job) : undefined;
  return {
    ok: false,
    reply: `Could not read Jenkins job "${job}": ${result.error}${known ? ` ${known}` : ""}`,
  };
}

export function jenkinsBuildSucceeded(
  id: string,
  job: string,
  sinceBuild: number,
  parameters: Record<string, string | boolean>,
): PlanVerify {
  return {
    id,
    check: "jenkins_build_succeeded",
    args: { job, sinceBuild, parameters },
    timeoutSeconds: BUILD_VERIFY_TIMEOUT_SECONDS,
  };
}

export async function planJenkinsBuild(request: JenkinsRequest, { tools }: DraftContext): Promise<Drafted> {
  const read = await readJob(tools, request.job);
  if (!read.ok) return refuse(read.reply);
  const job = read.job;
  if (!job.buildable)
    return refuse(
      `Jenkins job "${request.job}" is disabled, so it cannot be built. Enable it in Jenkins first.`,
    );

  let resolved: ReturnType<typeof resolveParameters>;
  try {
    const given = Object.fromEntries(request.parameters.map((p) => [p.name, p.value]));
    resolved = resolveParameters(request.job, job.parameters, given);
  } catch (error) {
    if (error instanceof ToolError) return refuse(error.message);
    throw error;
  }
  const parameters = Object.fromEntries(resolved.map((p) => [p.name, p.value]));
  const given = resolved.filter((p) => p.given);
  const defaults = resolved.filter((p) => !p.given);
  const withText = given.length > 0 ? ` with ${formatParameters(given)}` : "";
  const defaultsText =
    defaults.length > 0
      ? ` (${formatParameters(defaults)}: the job's default${defaults.length === 1 ? "" : "s"})`
      : "";
  const step = buildStep(
    dnsId("build", request.job),
    "jenkins_trigger",
    { job: request.job, parameters },
    `Build Jenkins job ${request.job}${withText}${defaultsText} as requested.`,
  );
  if (!step.ok) return step;
  const sinceBuild = job.nextBuildNumber ?? (job.lastBuild ?? 0) + 1;
  return {
    ok: true,
    draft: {
      slug: ["build", request.job],
      steps: [step.step],
      verify: [jenkinsBuildSucceeded(dnsId(request.job, "succeeded"), request.job, sinceBuild, parameters)],
    },
  };
}
