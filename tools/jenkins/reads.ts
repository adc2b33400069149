// Typed reads of Jenkins' remote API, each asking only for the fields it uses (`tree=`), with
// lists cut by a range so a job with thousands of builds costs no more than the page we show.
import type { JenkinsClient } from "./client.ts";
import { jenkinsFailure, parseJson } from "./errors.ts";
import { jobPath } from "./names.ts";

export type ParameterType = "string" | "text" | "choice" | "boolean" | "password" | "other";

export interface ParameterDefinition {
  name: string;
  type: ParameterType;
  /** Jenkins' own type name, e.g. ChoiceParameterDefinition. */
  jenkinsType: string;
  description: string;
  /** The default value; undefined for passwords and types Skyflo does not set. */
  default?: string | boolean;
  choices?: string[];
}

export interface ScmInfo {
  type: string;
  remotes: string[];
  branches: string[];
}

export interface JobInfo {
  name: string;
  fullName: string;
  url: string;
  description: string;
  buildable: boolean;
  color: string;
  inQueue: boolean;
  nextBuildNumber: number | null;
  lastBuild: number | null;
  lastCompletedBuild: number | null;
  lastSuccessfulBuild: number | null;
  parameters: ParameterDefinition[];
  scm: ScmInfo | null;
}

export interface BuildSummary {
  number: number;
  result: string | null;
  building: boolean;
  durationMs: number;
  startedAt: string | null;
  queueId: number | null;
}

export interface ChangeInfo {
  commitId: string;
  message: string;
  author: string;
  paths: string[];
}

export interface BuildInfo extends BuildSummary {
  job: string;
  url: string;
  parameters: Array<{ name: string; value: string | boolean | null }>;
  causes: string[];
  changeSets: ChangeInfo[];
}

export interface QueueItemInfo {
  id: number;
  /** The job's URL as Jenkins gives it (to check the item belongs to the job asked about). */
  taskUrl: string | null;
  cancelled: boolean;
  why: string | null;
  buildNumber: number | null;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === "string" ? value : "");
const num = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);

function jobNotFound(client: JenkinsClient, job: string) {
  return {
    notFound: `Job "${job}" does not exist on Jenkins at ${client.url} (or this user cannot see it).`,
    notFoundHint: "Check the name with jenkins_jobs; a job in a folder is written folder/job.",
  };
}

function buildNotFound(client: JenkinsClient, job: string, build: number) {
  return {
    notFound: `Build #${build} of job "${job}" does not exist on Jenkins at ${client.url} (or the job does not).`,
    notFoundHint: "List its builds with jenkins_builds; old builds may have been discarded.",
  };
}

const BUILD_FIELDS = "number,result,building,duration,timestamp,queueId";

const parameterTypes: Record<string, ParameterType> = {
  StringParameterDefinition: "string",
  TextParameterDefinition: "text",
  ChoiceParameterDefinition: "choice",
  BooleanParameterDefinition: "boolean",
  PasswordParameterDefinition: "password",
};

function parameterDefinition(raw: Json): ParameterDefinition {
  const jenkinsType = str(raw.type) || str(raw._class).split(".").pop() || "unknown";
  const type = parameterTypes[jenkinsType] ?? "other";
  const defaultRaw = isRecord(raw.defaultParameterValue) ? raw.defaultParameterValue.value : undefined;
  const definition: ParameterDefinition = {
    name: str(raw.name),
    type,
    jenkinsType,
    description: str(raw.description),
  };
  if (type === "choice") {
    definition.choices = (Array.isArray(raw.choices) ? raw.choices : []).map(String);
    definition.default = definition.choices[0] ?? "";
  } else if (type === "boolean") {
    definition.default = defaultRaw === true;
  } else if (type === "string" || type === "text") {
    definition.default = typeof defaultRaw === "string" ? defaultRaw : "";
  }
  return definition;
}

function scmInfo(raw: unknown): ScmInfo | null {
  if (!isRecord(raw)) return null;
  const type = str(raw._class).split(".").pop() ?? "";
  if (!type || type === "NullSCM") return null;
  return {
    type,
    remotes: list(raw.userRemoteConfigs)
      .map((r) => str(r.url))
      .filter(Boolean),
    branches: list(raw.branches)
      .map((b) => str(b.name))
      .filter(Boolean),
  };
}

const buildRef = (raw: unknown) => (isRecord(raw) ? num(raw.number) : null);

export async function readJob(client: JenkinsClient, job: string, signal: AbortSignal): Promise<JobInfo> {
  const tree = [
    "name,fullName,url,description,buildable,color,inQueue,nextBuildNumber",
    "lastBuild[number],lastCompletedBuild[number],lastSuccessfulBuild[number]",
    "property[parameterDefinitions[name,type,description,choices,defaultParameterValue[value]]]",
    "scm[userRemoteConfigs[url],branches[name]]",
  ].join(",");
  const response = await client.request(`${jobPath(job)}/api/json`, { query: { tree }, signal });
  const action = `read job "${job}"`;
  if (response.status !== 200)
    throw jenkinsFailure(client, response, { action, ...jobNotFound(client, job) });
  const raw = parseJson<Json>(client, response, action);
  const definitions = list(raw.property).flatMap((p) =>
    list(p.parameterDefinitions).map(parameterDefinition),
  );
  return {
    name: str(raw.name),
    fullName: str(raw.fullName) || job,
    url: str(raw.url),
    description: str(raw.description),
    buildable: raw.buildable !== false,
    color: str(raw.color),
    inQueue: raw.inQueue === true,
    nextBuildNumber: num(raw.nextBuildNumber),
    lastBuild: buildRef(raw.lastBuild),
    lastCompletedBuild: buildRef(raw.lastCompletedBuild),
    lastSuccessfulBuild: buildRef(raw.lastSuccessfulBuild),
    parameters: definitions,
    scm: scmInfo(raw.scm),
  };
}

export interface JobListEntry {
  name: string;
  fullName: string;
  kind: "job" | "folder";
  color: string | null;
}

/** Jobs and folders directly under `folder` (or the root); at most `limit`, plus whether more exist. */
export async function listJobs(
  client: JenkinsClient,
  folder: string | undefined,
  limit: number,
  signal: AbortSignal,
): Promise<{ jobs: JobListEntry[]; truncated: boolean }> {
  const path = folder ? `${jobPath(folder)}/api/json` : "/api/json";
  const response = await client.request(path, {
    query: { tree: `jobs[name,fullName,color]{0,${limit + 1}}` },
    signal,
  });
  const action = folder ? `list the jobs in folder "${folder}"` : "list jobs";
  if (response.status !== 200)
    throw jenkinsFailure(client, response, { action, ...jobNotFound(client, folder ?? "") });
  const raw = parseJson<Json>(client, response, action);
  const entries = list(raw.jobs).map((entry): JobListEntry => {
    const cls = str(entry._class);
    const isFolder = /Folder|OrganizationFolder|MultiBranchProject/.test(cls) && !("color" in entry);
    const name = str(entry.name);
    return {
      name,
      fullName: str(entry.fullName) || (folder ? `${folder}/${name}` : name),
      kind: isFolder ? "folder" : "job",
      color: isFolder ? null : str(entry.color) || null,
    };
  });
  return { jobs: entries.slice(0, limit), truncated: entries.length > limit };
}

function buildSummary(raw: Json): BuildSummary {
  const timestamp = num(raw.timestamp);
  return {
    number: num(raw.number) ?? 0,
    result: typeof raw.result === "string" ? raw.result : null,
    building: raw.building === true,
    durationMs: num(raw.duration) ?? 0,
    startedAt: timestamp === null ? null : new Date(timestamp).toISOString(),
    queueId: num(raw.queueId),
  };
}

export type BuildWithParameters = BuildSummary & { parameters: BuildInfo["parameters"] };

function parametersOf(actions: Json[]): BuildInfo["parameters"] {
  return actions.flatMap((a) =>
    list(a.parameters).map((p) => ({
      name: str(p.name),
      value: typeof p.value === "string" || typeof p.value === "boolean" ? p.value : null,
    })),
  );
}

/** The newest builds first, at most `limit`. */
export async function listBuilds(
  client: JenkinsClient,
  job: string,
  limit: number,
  signal: AbortSignal,
): Promise<{ builds: BuildSummary[]; truncated: boolean }> {
  const { builds, truncated } = await listBuildsWithParameters(client, job, limit, signal, false);
  return { builds: builds.map(({ parameters: _, ...summary }) => summary), truncated };
}

/** The newest builds first with their parameters, at most `limit`. */
export async function listBuildsWithParameters(
  client: JenkinsClient,
  job: string,
  limit: number,
  signal: AbortSignal,
  withParameters = true,
): Promise<{ builds: BuildWithParameters[]; truncated: boolean }> {
  const fields = withParameters ? `${BUILD_FIELDS},actions[parameters[name,value]]` : BUILD_FIELDS;
  const response = await client.request(`${jobPath(job)}/api/json`, {
    query: { tree: `allBuilds[${fields}]{0,${limit + 1}}` },
    signal,
  });
  const action = `list the builds of job "${job}"`;
  if (response.status !== 200)
    throw jenkinsFailure(client, response, { action, ...jobNotFound(client, job) });
  const raw = parseJson<Json>(client, response, action);
  const builds = list(raw.allBuilds).map((b) => ({
    ...buildSummary(b),
    parameters: parametersOf(list(b.actions)),
  }));
  return { builds: builds.slice(0, limit), truncated: builds.length > limit };
}

export async function readBuild(
  client: JenkinsClient,
  job: string,
  build: number,
  signal: AbortSignal,
): Promise<BuildInfo> {
  const tree = `${BUILD_FIELDS},url,actions[causes[shortDescription],parameters[name,value]],changeSets[items[commitId,msg,author[fullName],affectedPaths]],changeSet[items[commitId,msg,author[fullName],affectedPaths]]`;
  const response = await client.request(`${jobPath(job)}/${build}/api/json`, { query: { tree }, signal });
  const action = `read build #${build} of job "${job}"`;
  if (response.status !== 200)
    throw jenkinsFailure(client, response, { action, ...buildNotFound(client, job, build) });
  const raw = parseJson<Json>(client, response, action);
  const actions = list(raw.actions);
  // Freestyle builds have one `changeSet`, Pipeline runs a list of `changeSets`.
  const changeSets = [...list(raw.changeSets), ...(isRecord(raw.changeSet) ? [raw.changeSet] : [])];
  return {
    ...buildSummary(raw),
    job,
    url: str(raw.url),
    parameters: parametersOf(actions),
    causes: actions.flatMap((a) => list(a.causes).map((c) => str(c.shortDescription))).filter(Boolean),
    changeSets: changeSets.flatMap((set) =>
      list(set.items).map((item) => ({
        commitId: str(item.commitId),
        message: str(item.msg),
        author: isRecord(item.author) ? str(item.author.fullName) : "",
        paths: (Array.isArray(item.affectedPaths) ? item.affectedPaths : []).map(String),
      })),
    ),
  };
}

/** The queue item, or undefined once Jenkins forgot it (about 5 minutes after it left the queue). */
export async function readQueueItem(
  client: JenkinsClient,
  id: number,
  signal: AbortSignal,
): Promise<QueueItemInfo | undefined> {
  const response = await client.request(`/queue/item/${id}/api/json`, {
    query: { tree: "id,cancelled,why,task[url],executable[number]" },
    signal,
  });
  if (response.status === 404) return undefined;
  const action = `read queue item ${id}`;
  if (response.status !== 200) throw jenkinsFailure(client, response, { action, notFound: "" });
  const raw = parseJson<Json>(client, response, action);
  return {
    id,
    taskUrl: isRecord(raw.task) ? str(raw.task.url) || null : null,
    cancelled: raw.cancelled === true,
    why: typeof raw.why === "string" ? raw.why : null,
    buildNumber: isRecord(raw.executable) ? num(raw.executable.number) : null,
  };
}

/** How many recent builds are searched for a queue id Jenkins no longer knows. */
export const QUEUE_SEARCH_DEPTH = 200;

/** The build that came from queue item `id`, searching the newest builds; undefined if none. */
export async function findBuildByQueueId(
  client: JenkinsClient,
  job: string,
  id: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const { builds } = await listBuilds(client, job, QUEUE_SEARCH_DEPTH, signal);
  return builds.find((b) => b.queueId === id)?.number;
}

/** Whether a queue item's task URL is `job`'s URL (folders included). */
export function queueItemIsFor(item: QueueItemInfo, job: string): boolean {
  if (item.taskUrl === null) return true;
  return new URL(item.taskUrl, "http://jenkins").pathname.replace(/\/+$/, "").endsWith(jobPath(job));
}
