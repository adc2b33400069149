// jenkins_build_succeeded: a build named by number, queue item or (sinceBuild + parameters) is
// polled until it finishes; SUCCESS passes, any other result fails, a running build times out.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyIntent, verifyPlan } from "../../../../app/verify/index.ts";
import { createJenkinsBackend, type JenkinsBackend } from "../../../../tools/jenkins/backend.ts";
import { type JenkinsEmulator, startJenkinsEmulator } from "../../../emulators/jenkins/index.ts";
import {
  intent,
  planWith,
  shortTimeScale,
  startVerifyCluster,
  type VerifyCluster,
} from "../verify-fixtures.ts";

let cluster: VerifyCluster;
let jenkins: JenkinsEmulator;
let backend: JenkinsBackend;

beforeAll(async () => {
  cluster = await startVerifyCluster();
});

afterAll(async () => {
  await cluster?.close();
});

async function startJenkins(options: Parameters<typeof startJenkinsEmulator>[0] = {}) {
  jenkins = await startJenkinsEmulator({
    users: { bot: { tokens: ["tok-123456"] } },
    jobs: [
      { name: "deploy-web", parameters: [{ type: "choice", name: "ENV", choices: ["staging", "prod"] }] },
      { name: "team/nightly" },
    ],
    ...options,
  });
  backend = createJenkinsBackend({
    url: jenkins.url,
    credentials: { user: "bot", token: "tok-123456" },
    pollIntervalMs: 10,
  });
}

afterEach(async () => {
  await jenkins?.close();
});

const run = (args: Record<string, unknown>, timeoutSeconds = 10, timeScale = 1) =>
  verifyIntent(intent("built", "jenkins_build_succeeded", args, timeoutSeconds), cluster.kube, {
    timeScale,
    backends: { jenkins: backend },
  });

/** Queues a build the way jenkins_trigger does and returns the queue item id. */
async function queueBuild(job: string, parameters?: Record<string, string>): Promise<number> {
  const path =
    job === "deploy-web"
      ? "/job/deploy-web/buildWithParameters"
      : `/job/${job.split("/").join("/job/")}/build`;
  const response = await backend.request(path, {
    method: "POST",
    form: parameters ? new URLSearchParams(parameters) : undefined,
    signal: AbortSignal.timeout(5000),
  });
  const id = /queue\/item\/(\d+)/.exec(response.headers.get("location") ?? "")?.[1];
  if (!id) throw new Error(`no queue item: HTTP ${response.status}`);
  return Number(id);
}

describe("jenkins_build_succeeded", () => {
  it("passes when the build finishes SUCCESS, after seeing it run", async () => {
    await startJenkins({ buildDurationMs: 150 });
    await queueBuild("team/nightly");
    const result = await run({ job: "team/nightly", build: 1 });
    expect(result).toMatchObject({
      status: "passed",
      check: "jenkins_build_succeeded",
      expected: 'build #1 of job "team/nightly" finished SUCCESS',
    });
    expect(result.observed).toMatch(/^build #1 finished SUCCESS in [\d.]+ s$/);
  });

  it.each(["FAILURE", "UNSTABLE", "ABORTED"] as const)(
    "fails when the build finishes %s",
    async (outcome) => {
      await startJenkins();
      jenkins.scriptBuilds("team/nightly", { result: outcome });
      await queueBuild("team/nightly");
      const result = await run({ job: "team/nightly", build: 1 });
      expect(result.status).toBe("failed");
      expect(result.observed).toContain(`build #1 finished ${outcome}`);
    },
  );

  it("follows a queue item to its build, also after Jenkins forgot the item", async () => {
    await startJenkins();
    const queueId = await queueBuild("team/nightly");
    const viaQueue = await run({ job: "team/nightly", queueId });
    expect(viaQueue).toMatchObject({
      status: "passed",
      expected: `the build of job "team/nightly" from queue item ${queueId} finished SUCCESS`,
    });
    jenkins.expireQueueItems();
    const requestsBefore = jenkins.requests().length;
    const viaHistory = await run({ job: "team/nightly", queueId });
    expect(viaHistory.status).toBe("passed");
    const paths = jenkins
      .requests()
      .slice(requestsBefore)
      .map((r) => r.path);
    expect(paths[0]).toBe(`/queue/item/${queueId}/api/json`);
    expect(paths).toContain("/job/team/job/nightly/api/json");
  });

  it("fails at once for a queue item Jenkins no longer knows and no recent build came from", async () => {
    await startJenkins();
    const result = await run({ job: "team/nightly", queueId: 999 });
    expect(result.status).toBe("failed");
    expect(result.observed).toContain("Jenkins no longer knows queue item 999");
  });

  it("with sinceBuild, judges the newest build from that number on with the parameters", async () => {
    await startJenkins();
    jenkins.scriptBuilds("deploy-web", { result: "FAILURE" }, { result: "SUCCESS" });
    jenkins.addFinishedBuild("deploy-web", {
      result: "SUCCESS",
      parameters: [{ name: "ENV", value: "prod", type: "choice" }],
    });
    await queueBuild("deploy-web", { ENV: "staging" }); // #2 FAILURE, other parameters
    await jenkins.waitForBuild("deploy-web", 2);
    const pending = run({ job: "deploy-web", sinceBuild: 2, parameters: { ENV: "prod" } });
    await queueBuild("deploy-web", { ENV: "prod" }); // #3 SUCCESS
    const result = await pending;
    expect(result).toMatchObject({
      status: "passed",
      observed: expect.stringMatching(/^build #3 finished SUCCESS/),
      expected: 'the newest build of job "deploy-web" from #2 on with ENV=prod finished SUCCESS',
    });
  });

  it("times out while no matching build exists, or while the build still runs, saying what it saw", async () => {
    await startJenkins({ buildDurationMs: 60_000 });
    const none = await run(
      { job: "deploy-web", sinceBuild: 1, parameters: { ENV: "prod" } },
      1,
      shortTimeScale,
    );
    expect(none).toMatchObject({
      status: "timed_out",
      observed: "no build from #1 on with those parameters yet; the job has no builds",
    });
    await queueBuild("team/nightly");
    const running = await run({ job: "team/nightly", queueId: 1 }, 1, shortTimeScale);
    expect(running.status).toBe("timed_out");
    expect(running.observed).toMatch(/^(build #1 is running|queue item 1 is still waiting)/);
  });

  it("retries server errors and fails at once for a job that does not exist", async () => {
    await startJenkins();
    await queueBuild("team/nightly");
    jenkins.faults.failNext(3, 503, (method) => method === "GET");
    expect((await run({ job: "team/nightly", build: 1 })).status).toBe("passed");
    const missing = await run({ job: "nope", build: 1 });
    expect(missing.status).toBe("failed");
    expect(missing.observed).toContain('Job "nope" does not exist');
  });

  it("fails with a sentence when no Jenkins is configured or the arguments are wrong", async () => {
    await startJenkins();
    const unconfigured = await verifyIntent(
      intent("built", "jenkins_build_succeeded", { job: "team/nightly", build: 1 }),
      cluster.kube,
      { timeScale: 1 },
    );
    expect(unconfigured).toMatchObject({
      status: "failed",
      observed: expect.stringContaining("set SKYFLO_JENKINS_URL"),
    });
    const both = await run({ job: "team/nightly", build: 1, queueId: 2 });
    expect(both.observed).toContain("give exactly one of build, queueId and sinceBuild");
    const path = await run({ job: "../x", build: 1 });
    expect(path.observed).toContain("must be a Jenkins job name");
  });

  it("runs beside Kubernetes intents in verifyPlan with the Jenkins backend passed through", async () => {
    await startJenkins();
    await queueBuild("team/nightly");
    const verification = await verifyPlan(
      planWith([
        intent("built", "jenkins_build_succeeded", { job: "team/nightly", build: 1 }),
        intent("ns", "k8s_field_equals", {
          kind: "Namespace",
          name: "shop",
          path: "metadata.name",
          equals: "shop",
        }),
      ]),
      cluster.kube,
      { backends: { jenkins: backend } },
    );
    expect(verification.results.map((r) => r.observed).join("; ")).not.toContain("failed");
    expect(verification.conclusion).toBe("success");
    expect(verification.results.map((r) => [r.id, r.status])).toEqual([
      ["built", "passed"],
      ["ns", "passed"],
    ]);
  });
});
