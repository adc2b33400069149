// The JSON Jenkins' remote API answers for the root, folders, jobs, builds and queue items, in its
// shapes (`_class`, parameters in `actions`, `changeSets`, `executable` on left queue items). The
// full form is what `tree` filters; without `tree`, nested builds and jobs are shortened as at depth 0.
import type { Build, Folder, Job, ParameterSeed, QueueItem } from "./state.ts";

const definitionClass: Record<ParameterSeed["type"], string> = {
  string: "hudson.model.StringParameterDefinition",
  choice: "hudson.model.ChoiceParameterDefinition",
  boolean: "hudson.model.BooleanParameterDefinition",
  password: "hudson.model.PasswordParameterDefinition",
};

const valueClass: Record<ParameterSeed["type"], string> = {
  string: "hudson.model.StringParameterValue",
  choice: "hudson.model.StringParameterValue",
  boolean: "hudson.model.BooleanParameterValue",
  password: "hudson.model.PasswordParameterValue",
};

export function jobUrl(base: string, fullName: string): string {
  return `${base}/${fullName
    .split("/")
    .map((s) => `job/${encodeURIComponent(s)}`)
    .join("/")}/`;
}

export function defaultValue(definition: ParameterSeed): string | boolean {
  switch (definition.type) {
    case "choice":
      return definition.choices[0] ?? "";
    case "boolean":
      return definition.default ?? false;
    default:
      return definition.default ?? "";
  }
}

function definitionJson(definition: ParameterSeed) {
  const type = definitionClass[definition.type].split(".").pop();
  const shown = definition.type === "password" ? "" : defaultValue(definition);
  return {
    _class: definitionClass[definition.type],
    name: definition.name,
    description: definition.description ?? "",
    type,
    defaultParameterValue: { _class: valueClass[definition.type], name: definition.name, value: shown },
    ...(definition.type === "choice" ? { choices: definition.choices } : {}),
  };
}

const colors: Record<string, string> = {
  SUCCESS: "blue",
  UNSTABLE: "yellow",
  ABORTED: "aborted",
  NOT_BUILT: "notbuilt",
};

function colorOf(job: Job): string {
  if (job.disabled) return "disabled";
  const completed = [...job.builds].reverse().find((b) => !b.building);
  const base = completed?.result ? (colors[completed.result] ?? "red") : "notbuilt";
  return job.builds.at(-1)?.building ? `${base}_anime` : base;
}

export function buildJson(base: string, job: Job, build: Build) {
  const url = `${jobUrl(base, job.fullName)}${build.number}/`;
  return {
    _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
    number: build.number,
    id: String(build.number),
    url,
    displayName: `#${build.number}`,
    fullDisplayName: `${job.fullName.split("/").join(" » ")} #${build.number}`,
    building: build.building,
    result: build.result,
    duration: build.duration,
    estimatedDuration: 1000,
    timestamp: build.timestamp,
    queueId: build.queueId,
    actions: [
      { _class: "hudson.model.CauseAction", causes: [{ shortDescription: build.cause }] },
      ...(build.parameters.length > 0
        ? [
            {
              _class: "hudson.model.ParametersAction",
              parameters: build.parameters.map((p) => ({
                _class: valueClass[p.type],
                name: p.name,
                // Jenkins never shows password values.
                ...(p.type === "password" ? {} : { value: p.value }),
              })),
            },
          ]
        : []),
      {},
    ],
    changeSets:
      build.changeSet.length > 0
        ? [
            {
              _class: "hudson.plugins.git.GitChangeSetList",
              kind: "git",
              items: build.changeSet.map((item) => ({
                _class: "hudson.plugins.git.GitChangeSet",
                commitId: item.commitId,
                msg: item.msg,
                author: { fullName: item.author },
                affectedPaths: item.paths ?? [],
                timestamp: build.timestamp,
              })),
            },
          ]
        : [],
  };
}

function buildRef(base: string, job: Job, build: Build) {
  return {
    _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
    number: build.number,
    url: `${jobUrl(base, job.fullName)}${build.number}/`,
  };
}

export function jobJson(base: string, job: Job, full: boolean) {
  const newestFirst = [...job.builds].reverse();
  const ref = (build: Build | undefined) =>
    build ? (full ? buildJson(base, job, build) : buildRef(base, job, build)) : null;
  const completed = newestFirst.filter((b) => !b.building);
  return {
    _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
    name: job.name,
    fullName: job.fullName,
    displayName: job.name,
    url: jobUrl(base, job.fullName),
    description: job.description,
    buildable: !job.disabled,
    color: colorOf(job),
    inQueue: false,
    nextBuildNumber: job.nextBuildNumber,
    builds: newestFirst.slice(0, 100).map((b) => ref(b)),
    allBuilds: newestFirst.map((b) => ref(b)),
    lastBuild: ref(newestFirst[0]),
    lastCompletedBuild: ref(completed[0]),
    lastSuccessfulBuild: ref(completed.find((b) => b.result === "SUCCESS")),
    lastFailedBuild: ref(completed.find((b) => b.result === "FAILURE")),
    property:
      job.parameters.length > 0
        ? [
            {
              _class: "hudson.model.ParametersDefinitionProperty",
              parameterDefinitions: job.parameters.map(definitionJson),
            },
          ]
        : [],
    scm: job.scm
      ? {
          _class: "hudson.plugins.git.GitSCM",
          userRemoteConfigs: [{ url: job.scm.url }],
          branches: [{ name: job.scm.branch }],
        }
      : { _class: "hudson.scm.NullSCM" },
  };
}

export function folderJson(base: string, folder: Folder, full: boolean): Record<string, unknown> {
  const children: unknown[] = [...folder.children.values()].map((child): unknown =>
    child.kind === "job"
      ? full
        ? jobJson(base, child, true)
        : {
            _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
            name: child.name,
            url: jobUrl(base, child.fullName),
            color: colorOf(child),
          }
      : full
        ? folderJson(base, child, true)
        : {
            _class: "com.cloudbees.hudson.plugins.folder.Folder",
            name: child.name,
            url: jobUrl(base, child.fullName),
          },
  );
  const isRoot = folder.fullName === "";
  return {
    _class: isRoot ? "hudson.model.Hudson" : "com.cloudbees.hudson.plugins.folder.Folder",
    ...(isRoot ? {} : { name: folder.name, fullName: folder.fullName, url: jobUrl(base, folder.fullName) }),
    jobs: children,
  };
}

export function queueItemJson(base: string, item: QueueItem) {
  const params = item.parameters
    .map((p) => `\n${p.name}=${p.type === "password" ? "****" : p.value}`)
    .join("");
  const left = item.leftAt !== undefined;
  return {
    _class: left ? "hudson.model.Queue$LeftItem" : "hudson.model.Queue$WaitingItem",
    id: item.id,
    url: `queue/item/${item.id}/`,
    inQueueSince: item.inQueueSince,
    params,
    blocked: false,
    buildable: !left,
    stuck: false,
    why: left ? null : "In the quiet period.",
    cancelled: item.cancelled,
    task: {
      _class: "org.jenkinsci.plugins.workflow.job.WorkflowJob",
      name: item.job.name,
      url: jobUrl(base, item.job.fullName),
    },
    executable: item.build
      ? {
          _class: "org.jenkinsci.plugins.workflow.job.WorkflowRun",
          number: item.build.number,
          url: `${jobUrl(base, item.job.fullName)}${item.build.number}/`,
        }
      : null,
  };
}
