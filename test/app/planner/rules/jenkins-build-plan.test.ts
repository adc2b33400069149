// The rules planner on "build job deploy-web with ENV=prod" against the Jenkins emulator: the job's
// parameter definitions read through jenkins_job (read-only), every value written into the plan,
// bad parameters refused with the valid ones, and the plan's step and intent working for real.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type PlanOutcome, planWithRules } from "../../../../app/planner/rules/index.ts";
import { inProcessToolCaller, type ToolCaller } from "../../../../app/tool-caller.ts";
import { verifyPlan } from "../../../../app/verify/index.ts";
import { createKubeClients, createToolRegistry, invokeTool, Policy } from "../../../../tools/index.ts";
import { createJenkinsBackend, type JenkinsBackend } from "../../../../tools/jenkins/backend.ts";
import type { KubeClients } from "../../../../tools/kubernetes/client.ts";
import type { ToolContext } from "../../../../tools/registry.ts";
import { type JenkinsEmulator, startJenkinsEmulator } from "../../../emulators/jenkins/index.ts";
import { type KubeEmulator, startKubeEmulator } from "../../../emulators/kube/index.ts";

const NOW = new Date("2026-11-25T10:00:00Z");
const registry = createToolRegistry();

let kubeEmulator: KubeEmulator;
let kube: KubeClients;
let jenkins: JenkinsEmulator;
let backend: JenkinsBackend;

beforeAll(async () => {
  kubeEmulator = await startKubeEmulator();
  kube = createKubeClients(kubeEmulator.kubeConfig());
});

afterAll(async () => {
  await kubeEmulator?.close();
});

afterEach(async () => {
  await jenkins?.close();
});

async function startJenkins() {
  jenkins = await startJenkinsEmulator({
    users: { bot: { tokens: ["tok-abcdef"] } },
    jobs: [
      {
        name: "deploy-web",
        parameters: [
          { type: "choice", name: "ENV", choices: ["staging", "prod"] },
          { type: "string", name: "VERSION", default: "latest" },
          { type: "boolean", name: "DRY_RUN", default: false },
          { type: "password", name: "DEPLOY_KEY", default: "hunter2" },
        ],
      },
      { name: "team/nightly" },
      { name: "retired", disabled: true },
    ],
  });
  jenkins.addFinishedBuild("deploy-web", { result: "SUCCESS" });
  backend = createJenkinsBackend({
    url: jenkins.url,
    credentials: { user: "bot", token: "tok-abcdef" },
    pollIntervalMs: 10,
  });
}

function context(jenkinsBackend: JenkinsBackend | undefined): Omit<ToolContext, "signal"> {
  return { kube, policy: new Policy({ allowWrite: true }), jenkins: jenkinsBackend };
}

function plan(
  text: string,
  calls: string[] = [],
  jenkinsBackend: JenkinsBackend | null = backend,
): Promise<PlanOutcome> {
  const planning = inProcessToolCaller({
    registry,
    context: context(jenkinsBackend ?? undefined),
    mutating: "none",
  });
  const tools: ToolCaller = {
    call(tool, args) {
      calls.push(tool);
      return planning.call(tool, args);
    },
  };
  return planWithRules(
    { text, by: "alice", url: "https://github.com/acme/shop/issues/42#issuecomment-1", issueNumber: 42 },
    { tools, readRepoFile: async () => undefined, now: () => NOW },
  );
}

async function planned(text: string, calls?: string[]) {
  const outcome = await plan(text, calls);
  if (!outcome.ok) throw new Error(`expected a plan for "${text}", got the reply:\n${outcome.reply}`);
  return outcome.plan;
}

const posts = () => jenkins.requests().filter((r) => r.method === "POST");

describe("rules planner: build job", () => {
  it("plans a trigger with every value written out and a build-succeeded intent, reading only", async () => {
    await startJenkins();
    const calls: string[] = [];
    const result = await planned("build job deploy-web with ENV=prod", calls);
    expect(calls).toEqual(["jenkins_job"]);
    expect(posts()).toEqual([]);
    expect(result.metadata.id).toBe("42-build-deploy-web");
    expect(result.steps).toEqual([
      {
        id: "build-deploy-web",
        tool: "jenkins_trigger",
        args: { job: "deploy-web", parameters: { ENV: "prod", VERSION: "latest", DRY_RUN: false } },
        reason:
          "Build Jenkins job deploy-web with ENV=prod (VERSION=latest, DRY_RUN=false: the job's defaults) as requested.",
      },
    ]);
    expect(result.verify).toEqual([
      {
        id: "deploy-web-succeeded",
        check: "jenkins_build_succeeded",
        args: {
          job: "deploy-web",
          sinceBuild: 2,
          parameters: { ENV: "prod", VERSION: "latest", DRY_RUN: false },
        },
        timeoutSeconds: 1800,
      },
    ]);
  });

  it("plans a job in folders without parameters, and quoted values whole", async () => {
    await startJenkins();
    const nightly = await planned("build job team/nightly");
    expect(nightly.steps[0]).toMatchObject({
      id: "build-team-nightly",
      args: { job: "team/nightly", parameters: {} },
    });
    expect(nightly.verify[0]?.args).toEqual({ job: "team/nightly", sinceBuild: 1, parameters: {} });
    const quoted = await planned('build job deploy-web with VERSION="2.4 rc1" DRY_RUN=true ENV=staging');
    expect(quoted.steps[0]?.args).toEqual({
      job: "deploy-web",
      parameters: { ENV: "staging", VERSION: "2.4 rc1", DRY_RUN: true },
    });
  });

  it.each([
    [
      "build job deploy-web with ENVIRONMENT=prod",
      'Job "deploy-web" has no parameter "ENVIRONMENT"; its parameters: ENV (choice: staging, prod); VERSION (string, default "latest"); DRY_RUN (boolean, default false); DEPLOY_KEY (password, cannot be set through Skyflo).',
    ],
    [
      "build job deploy-web with ENV=qa",
      'Parameter ENV of job "deploy-web" must be one of staging, prod; "qa" is not.',
    ],
    [
      "build job deploy-web with DRY_RUN=yes",
      'Parameter DRY_RUN of job "deploy-web" is a boolean; "yes" is neither true nor false.',
    ],
    ["build job deploy-web with DEPLOY_KEY=x", "is a password; Skyflo never sets passwords"],
    ["build job retired", 'Jenkins job "retired" is disabled, so it cannot be built.'],
    ["build job deploy-api", 'Could not read Jenkins job "deploy-api": Job "deploy-api" does not exist'],
  ])("refuses %s with a reply that says what is valid", async (text, sentence) => {
    await startJenkins();
    const outcome = await plan(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reply).toContain(sentence);
    expect(outcome.reply).toMatch(/^I read this as a request to build Jenkins job "/);
    expect(posts()).toEqual([]);
  });

  it("names the jobs that exist when the job does not", async () => {
    await startJenkins();
    const outcome = await plan("build job deploy-api");
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reply).toContain("Jobs on Jenkins: deploy-web, team, retired.");
  });

  it("says Jenkins is not configured when the server has none", async () => {
    await startJenkins();
    const outcome = await plan("build job deploy-web", [], null);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.reply).toContain("no Jenkins is configured for this Skyflo server");
  });

  it("its step previews as the job and parameters, runs once, and its intent passes", async () => {
    await startJenkins();
    const result = await planned("build job deploy-web with ENV=prod");
    const step = result.steps[0];
    if (!step) throw new Error("no step");
    const preview = inProcessToolCaller({ registry, context: context(backend), mutating: "dry-run" });
    const dry = await preview.call(step.tool, { ...step.args, dryRun: true });
    expect(dry.ok && dry.data.objects).toEqual([
      {
        key: "jenkins/job/deploy-web",
        changed: true,
        diff: "+ build deploy-web with ENV=prod, VERSION=latest, DRY_RUN=false\n",
      },
    ]);
    expect(posts()).toEqual([]);

    // Someone else builds with other parameters in between; the intent judges the plan's build.
    jenkins.scriptBuilds("deploy-web", { result: "FAILURE" }, { result: "SUCCESS" });
    await backend.request("/job/deploy-web/buildWithParameters", {
      method: "POST",
      form: new URLSearchParams({ ENV: "staging" }),
      signal: AbortSignal.timeout(5000),
    });
    await jenkins.waitForBuild("deploy-web", 2);
    const tool = registry.get(step.tool);
    if (!tool) throw new Error("no tool");
    const ran = await invokeTool(tool, step.args, context(backend));
    expect(ran.isError).toBeFalsy();
    expect(ran.structuredContent).toMatchObject({ buildNumber: 3 });
    const verification = await verifyPlan(result, kube, { backends: { jenkins: backend } });
    expect(verification.results[0]).toMatchObject({
      status: "passed",
      observed: expect.stringMatching(/^build #3 finished SUCCESS/),
    });
  });
});
