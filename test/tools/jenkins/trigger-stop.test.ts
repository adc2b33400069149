// jenkins_trigger and jenkins_stop against the emulator: parameters checked against the job's
// definitions, dry runs that send nothing, the queue item followed to a build number within the
// call's deadline, lookups by queueId after Jenkins forgot the item, and stopping builds.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type KubeEmulator, startKubeEmulator } from "../../emulators/kube/index.ts";
import { type JenkinsFixture, startJenkinsFixture } from "./jenkins-fixture.ts";

let kube: KubeEmulator | undefined;
let fixture: JenkinsFixture | undefined;

async function start(options: Parameters<typeof startJenkinsFixture>[0] = {}): Promise<JenkinsFixture> {
  kube ??= await startKubeEmulator();
  fixture = await startJenkinsFixture({ reuseEmulator: kube, ...options });
  return fixture;
}

afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

afterAll(async () => {
  await kube?.close();
});

const posts = (f: JenkinsFixture) => f.jenkins.requests().filter((r) => r.method === "POST");

interface TriggerResult {
  dryRun: boolean;
  changed: boolean;
  objects: Array<{ key: string; changed: boolean; diff: string }>;
  job: string;
  parameters: Record<string, string | boolean>;
  queueId: number | null;
  buildNumber: number | null;
  buildUrl: string | null;
}

describe("jenkins_trigger", () => {
  it("dry run checks everything, fills defaults into the diff and queues nothing", async () => {
    const f = await start();
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", {
      job: "deploy-web",
      parameters: { ENV: "prod", DRY_RUN: "true" },
      dryRun: true,
    });
    expect(result).toEqual({
      dryRun: true,
      changed: true,
      objects: [
        {
          key: "jenkins/job/deploy-web",
          changed: true,
          diff: "+ build deploy-web with ENV=prod, VERSION=latest, DRY_RUN=true\n",
        },
      ],
      job: "deploy-web",
      parameters: { ENV: "prod", VERSION: "latest", DRY_RUN: true },
      queueId: null,
      buildNumber: null,
      buildUrl: null,
    });
    expect(posts(f)).toEqual([]);
  });

  it("refuses unknown parameters, wrong types, choices outside the list and passwords, listing what is valid", async () => {
    const f = await start();
    const unknown = await f.harness.fail("jenkins_trigger", {
      job: "deploy-web",
      parameters: { ENVIRONMENT: "prod" },
    });
    expect(unknown).toContain('Job "deploy-web" has no parameter "ENVIRONMENT"');
    expect(unknown).toContain(
      'ENV (choice: staging, prod); VERSION (string, default "latest"); DRY_RUN (boolean, default false); DEPLOY_KEY (password, cannot be set through Skyflo)',
    );
    const choice = await f.harness.fail("jenkins_trigger", { job: "deploy-web", parameters: { ENV: "qa" } });
    expect(choice).toContain('Parameter ENV of job "deploy-web" must be one of staging, prod; "qa" is not');
    const bool = await f.harness.fail("jenkins_trigger", {
      job: "deploy-web",
      parameters: { DRY_RUN: "yes" },
    });
    expect(bool).toContain('DRY_RUN of job "deploy-web" is a boolean; "yes" is neither true nor false');
    const type = await f.harness.fail("jenkins_trigger", {
      job: "deploy-web",
      parameters: { VERSION: true },
    });
    expect(type).toContain('VERSION of job "deploy-web" is a string; pass the value as a string');
    const password = await f.harness.fail("jenkins_trigger", {
      job: "deploy-web",
      parameters: { DEPLOY_KEY: "x" },
    });
    expect(password).toContain("is a password; Skyflo never sets passwords");
    const none = await f.harness.fail("jenkins_trigger", { job: "nightly", parameters: { A: "b" } });
    expect(none).toContain('Job "nightly" has no parameter "A"; it takes no parameters');
    const badName = await f.harness.fail("jenkins_trigger", {
      job: "deploy-web",
      parameters: { "ENV&x": "1" },
    });
    expect(badName).toContain("must be a Jenkins parameter name");
    const disabled = await f.harness.fail("jenkins_trigger", { job: "retired" });
    expect(disabled).toContain('Job "retired" is disabled');
    expect(posts(f)).toEqual([]);
  });

  it("queues a build with the values and returns its queue id and build number", async () => {
    const f = await start();
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", {
      job: "deploy-web",
      parameters: { ENV: "prod", VERSION: "2.4.1 rc" },
    });
    expect(result).toMatchObject({ dryRun: false, changed: true, buildNumber: 1 });
    expect(result.queueId).toBeGreaterThan(0);
    expect(result.objects[0]?.diff).toBe(
      '+ build deploy-web with ENV=prod, VERSION="2.4.1 rc", DRY_RUN=false\n',
    );
    expect(result.buildUrl).toBe(`${f.jenkins.url}/job/deploy-web/1/`);
    const build = f.jenkins.job("deploy-web").builds[0];
    expect(build?.queueId).toBe(result.queueId);
    expect(build?.parameters).toEqual([
      { name: "ENV", value: "prod", type: "choice" },
      { name: "VERSION", value: "2.4.1 rc", type: "string" },
      { name: "DRY_RUN", value: false, type: "boolean" },
      { name: "DEPLOY_KEY", value: "hunter2", type: "password" },
    ]);
    // With an API token, Jenkins needs no crumb: exactly one POST, no crumb request.
    expect(posts(f).map((r) => r.path)).toEqual(["/job/deploy-web/buildWithParameters"]);
    expect(f.jenkins.requests().some((r) => r.path.startsWith("/crumbIssuer"))).toBe(false);
    const text = (await f.harness.call("jenkins_trigger", { job: "nightly" })).content[0];
    expect(text?.type === "text" && text.text).toMatch(
      /^Triggered job "nightly": queue item \d+ became build #1\./,
    );
  });

  it("builds a job in folders with /build when it has no parameters", async () => {
    const f = await start();
    f.jenkins.addJob({ name: "team/apps/lint" });
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", { job: "team/apps/lint" });
    expect(result.buildNumber).toBe(1);
    expect(result.objects[0]).toEqual({
      key: "jenkins/job/team/apps/lint",
      changed: true,
      diff: "+ build team/apps/lint\n",
    });
    expect(posts(f).map((r) => r.path)).toEqual(["/job/team/job/apps/job/lint/build"]);
  });

  it("without an API token, fetches a crumb with its session cookie and sends both", async () => {
    const f = await start({ credentials: null, emulator: { users: {}, anonymous: "build" } });
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", { job: "nightly" });
    expect(result.buildNumber).toBe(1);
    const requests = f.jenkins.requests();
    expect(requests.filter((r) => r.path === "/crumbIssuer/api/json")).toHaveLength(1);
    expect(posts(f)).toEqual([
      expect.objectContaining({ path: "/job/nightly/build", crumb: true, status: 201 }),
    ]);
  });

  it("with a password instead of a token, retries once with a crumb after Jenkins asks for one", async () => {
    const f = await start({ credentials: { user: "skyflo-bot", token: "correct-horse" } });
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", { job: "nightly" });
    expect(result.buildNumber).toBe(1);
    expect(posts(f).map((r) => [r.crumb, r.status])).toEqual([
      [false, 403],
      [true, 201],
    ]);
    expect(f.jenkins.job("nightly").builds).toHaveLength(1);
  });

  it("returns the queue id without a build number when the build does not start within the deadline", async () => {
    const f = await start({
      emulator: { queueDelayMs: 400, queueForgetMs: 50 },
      policy: { callTimeoutMs: 200 },
    });
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", { job: "nightly" });
    expect(result.buildNumber).toBeNull();
    const queueId = result.queueId as number;
    expect(queueId).toBeGreaterThan(0);
    const queued = await f.harness.ok<Record<string, unknown>>("jenkins_build", { job: "nightly", queueId });
    expect(queued).toMatchObject({
      status: "queued",
      queueId,
      build: null,
      resolvedFrom: "queue",
      why: "In the quiet period.",
    });
    await f.jenkins.waitForBuild("nightly", 1);
    // Jenkins forgets the queue item; the build is found by the queueId it carries.
    f.jenkins.expireQueueItems();
    const found = await f.harness.ok<Record<string, unknown>>("jenkins_build", { job: "nightly", queueId });
    expect(found).toMatchObject({
      status: "finished",
      resolvedFrom: "history",
      build: { number: 1, result: "SUCCESS", queueId },
    });
    expect(posts(f)).toHaveLength(1);
  });

  it("resolves a queue id through the queue while Jenkins remembers it, and refuses one of another job", async () => {
    const f = await start();
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", { job: "nightly" });
    const queueId = result.queueId as number;
    const viaQueue = await f.harness.ok<Record<string, unknown>>("jenkins_build", {
      job: "nightly",
      queueId,
    });
    expect(viaQueue).toMatchObject({ resolvedFrom: "queue", build: { number: 1 } });
    const other = await f.harness.fail("jenkins_build", { job: "deploy-web", queueId });
    expect(other).toContain(
      `Queue item ${queueId} on Jenkins at ${f.jenkins.url} is not a build of job "deploy-web"`,
    );
    f.jenkins.expireQueueItems();
    const gone = await f.harness.fail("jenkins_build", { job: "nightly", queueId: queueId + 100 });
    expect(gone).toContain(`Jenkins no longer knows queue item ${queueId + 100}`);
  });

  it("reports a trigger that may have reached Jenkins as unknown, never as safe to repeat", async () => {
    const f = await start();
    const url = f.jenkins.url;
    await f.jenkins.close();
    const text = await f.harness.fail("jenkins_trigger", { job: "nightly" });
    expect(text).toContain(`Jenkins at ${url} is unreachable`);
    expect(text).toContain("Check SKYFLO_JENKINS_URL");
    fixture = { ...f, close: () => f.harness.close() };
  });

  it("keeps the queue id when following the queue item fails after the build was queued", async () => {
    const f = await start();
    f.jenkins.faults.failNext(5, 500, (method, path) => method === "GET" && path.startsWith("/queue/"));
    const result = await f.harness.ok<TriggerResult>("jenkins_trigger", { job: "nightly" });
    expect(result.queueId).toBeGreaterThan(0);
    expect(result.buildNumber).toBeNull();
    expect(posts(f)).toHaveLength(1);
  });
});

describe("jenkins_stop", () => {
  it("stops a running build, with a dry run first, and leaves a finished one alone", async () => {
    const f = await start({ emulator: { buildDurationMs: 60_000 } });
    const triggered = await f.harness.ok<TriggerResult>("jenkins_trigger", { job: "nightly" });
    const build = triggered.buildNumber as number;
    const dry = await f.harness.ok<Record<string, unknown>>("jenkins_stop", {
      job: "nightly",
      build,
      dryRun: true,
    });
    expect(dry).toEqual({
      dryRun: true,
      changed: true,
      objects: [
        {
          key: `jenkins/job/nightly/${build}`,
          changed: true,
          diff: `- job "nightly" build #${build} running\n+ job "nightly" build #${build} aborted\n`,
        },
      ],
      job: "nightly",
      build,
      building: true,
      result: null,
    });
    expect(f.jenkins.job("nightly").builds[0]?.building).toBe(true);
    const stopped = await f.harness.ok<Record<string, unknown>>("jenkins_stop", { job: "nightly", build });
    expect(stopped).toMatchObject({ dryRun: false, changed: true, building: false, result: "ABORTED" });
    const again = await f.harness.ok<Record<string, unknown>>("jenkins_stop", { job: "nightly", build });
    expect(again).toMatchObject({
      changed: false,
      objects: [{ changed: false, diff: "" }],
      result: "ABORTED",
    });
    expect(await f.harness.fail("jenkins_stop", { job: "nightly", build: 42 })).toContain(
      'Build #42 of job "nightly" does not exist',
    );
  });
});
