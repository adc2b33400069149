// The read-only Jenkins tools against the emulator: jobs and folders, one job's parameters and SCM,
// builds (bounded), one build by number or queue item, the progressive log, and their errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolRegistry } from "../../../tools/index.ts";
import { isMutating } from "../../../tools/registry.ts";
import { type JenkinsFixture, startJenkinsFixture } from "./jenkins-fixture.ts";

let fixture: JenkinsFixture;

beforeAll(async () => {
  fixture = await startJenkinsFixture();
  fixture.jenkins.addFinishedBuild("nightly", { result: "SUCCESS" });
  fixture.jenkins.addFinishedBuild("nightly", { result: "FAILURE" });
  fixture.jenkins.addFinishedBuild("nightly", { result: "SUCCESS", duration: 4200 });
  fixture.jenkins.addFinishedBuild("deploy-web", {
    result: "UNSTABLE",
    parameters: [
      { name: "ENV", value: "prod", type: "choice" },
      { name: "DRY_RUN", value: true, type: "boolean" },
      { name: "DEPLOY_KEY", value: "hunter2", type: "password" },
    ],
    changeSet: [{ commitId: "abc123", msg: "Fix checkout", author: "Bob", paths: ["web/app.ts"] }],
    log: "line one\nline two ✓\nFinished: UNSTABLE\n",
  });
});

afterAll(async () => {
  await fixture?.close();
});

describe("Jenkins read tools", () => {
  it("are registered in the jenkins family with exact annotations", () => {
    const registry = createToolRegistry();
    const jenkins = registry.list().filter((tool) => tool.family === "jenkins");
    expect(jenkins.map((tool) => tool.name).sort()).toEqual([
      "jenkins_build",
      "jenkins_builds",
      "jenkins_job",
      "jenkins_jobs",
      "jenkins_log",
      "jenkins_stop",
      "jenkins_trigger",
    ]);
    for (const tool of jenkins.filter((t) => !["jenkins_trigger", "jenkins_stop"].includes(t.name))) {
      expect(isMutating(tool), tool.name).toBe(false);
    }
    expect(registry.get("jenkins_trigger")?.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    });
    expect(registry.get("jenkins_stop")?.annotations).toMatchObject({
      readOnlyHint: false,
      idempotentHint: true,
    });
  });

  it("jenkins_jobs lists the top level and a folder, bounded", async () => {
    const top = await fixture.harness.ok<{ jobs: Array<Record<string, unknown>>; truncated: boolean }>(
      "jenkins_jobs",
    );
    expect(top.jobs.map((j) => [j.fullName, j.kind])).toEqual([
      ["deploy-web", "job"],
      ["nightly", "job"],
      ["team", "folder"],
      ["retired", "job"],
    ]);
    expect(top.truncated).toBe(false);
    const cut = await fixture.harness.ok<{ jobs: unknown[]; truncated: boolean }>("jenkins_jobs", {
      limit: 2,
    });
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.jobs).toHaveLength(2);
    const folder = await fixture.harness.ok<{ jobs: Array<Record<string, unknown>> }>("jenkins_jobs", {
      folder: "team/apps",
    });
    expect(folder.jobs).toEqual([
      { name: "deploy-api", fullName: "team/apps/deploy-api", kind: "job", color: "notbuilt" },
    ]);
  });

  it("jenkins_job shows parameter definitions, SCM and build numbers", async () => {
    const job = await fixture.harness.ok<Record<string, unknown>>("jenkins_job", { job: "deploy-web" });
    expect(job.parameters).toEqual([
      {
        name: "ENV",
        type: "choice",
        jenkinsType: "ChoiceParameterDefinition",
        description: "Where to deploy",
        choices: ["staging", "prod"],
        default: "staging",
      },
      {
        name: "VERSION",
        type: "string",
        jenkinsType: "StringParameterDefinition",
        description: "",
        default: "latest",
      },
      {
        name: "DRY_RUN",
        type: "boolean",
        jenkinsType: "BooleanParameterDefinition",
        description: "",
        default: false,
      },
      { name: "DEPLOY_KEY", type: "password", jenkinsType: "PasswordParameterDefinition", description: "" },
    ]);
    expect(job.scm).toEqual({
      type: "GitSCM",
      remotes: ["https://git.example.com/shop/web.git"],
      branches: ["main"],
    });
    expect(job).toMatchObject({
      buildable: true,
      nextBuildNumber: 2,
      lastBuild: 1,
      lastSuccessfulBuild: null,
    });
    const nested = await fixture.harness.ok<Record<string, unknown>>("jenkins_job", {
      job: "team/apps/deploy-api",
    });
    expect(nested).toMatchObject({ fullName: "team/apps/deploy-api", scm: null });
  });

  it("jenkins_builds lists the newest builds first and says when it cut the list", async () => {
    const all = await fixture.harness.ok<{ builds: Array<Record<string, unknown>>; truncated: boolean }>(
      "jenkins_builds",
      { job: "nightly" },
    );
    expect(all.builds.map((b) => [b.number, b.result])).toEqual([
      [3, "SUCCESS"],
      [2, "FAILURE"],
      [1, "SUCCESS"],
    ]);
    expect(all.builds[0]).toMatchObject({ durationMs: 4200, building: false });
    const cut = await fixture.harness.ok<{ builds: unknown[]; truncated: boolean }>("jenkins_builds", {
      job: "nightly",
      limit: 2,
    });
    expect(cut.builds).toHaveLength(2);
    expect(cut.truncated).toBe(true);
  });

  it("jenkins_build reads result, parameters (never a password value) and changesets", async () => {
    const result = await fixture.harness.ok<{ build: Record<string, unknown>; status: string }>(
      "jenkins_build",
      {
        job: "deploy-web",
        build: 1,
      },
    );
    expect(result.status).toBe("finished");
    expect(result.build).toMatchObject({
      number: 1,
      result: "UNSTABLE",
      parameters: [
        { name: "ENV", value: "prod" },
        { name: "DRY_RUN", value: true },
        { name: "DEPLOY_KEY", value: null },
      ],
      changeSets: [{ commitId: "abc123", message: "Fix checkout", author: "Bob", paths: ["web/app.ts"] }],
    });
    expect(JSON.stringify(result)).not.toContain("hunter2");
    const text = await fixture.harness.fail("jenkins_build", { job: "deploy-web" });
    expect(text).toContain("give exactly one of build");
  });

  it("jenkins_log reads progressively with nextStart and is bounded by maxBytes", async () => {
    const first = await fixture.harness.ok<Record<string, unknown>>("jenkins_log", {
      job: "deploy-web",
      build: 1,
      maxBytes: 12,
    });
    expect(first).toMatchObject({
      text: "line one\nlin",
      start: 0,
      nextStart: 12,
      more: true,
      truncated: true,
    });
    const rest = await fixture.harness.ok<Record<string, unknown>>("jenkins_log", {
      job: "deploy-web",
      build: 1,
      start: first.nextStart as number,
    });
    expect(rest).toMatchObject({ text: "e two ✓\nFinished: UNSTABLE\n", more: false, truncated: false });
    expect(rest.nextStart).toBe(Buffer.byteLength("line one\nline two ✓\nFinished: UNSTABLE\n"));
    // A cut inside a multi-byte character stops before it.
    const cutInside = await fixture.harness.ok<Record<string, unknown>>("jenkins_log", {
      job: "deploy-web",
      build: 1,
      start: 9,
      maxBytes: 10,
    });
    expect(cutInside).toMatchObject({ text: "line two ", nextStart: 18 });
  });

  it("says which job or build does not exist", async () => {
    expect(await fixture.harness.fail("jenkins_job", { job: "nope" })).toMatch(
      /Job "nope" does not exist on Jenkins at http:\/\/127\.0\.0\.1:\d+.*jenkins_jobs/,
    );
    expect(await fixture.harness.fail("jenkins_build", { job: "nightly", build: 99 })).toContain(
      'Build #99 of job "nightly" does not exist',
    );
    expect(await fixture.harness.fail("jenkins_log", { job: "nightly", build: 99 })).toContain(
      'Build #99 of job "nightly" does not exist',
    );
  });

  it("refuses job names that could change the path", async () => {
    for (const job of [
      "../admin",
      "a//b",
      "a/../b",
      "deploy?x=1",
      "deploy web",
      "/deploy",
      "deploy/",
      "a/./b",
      "%2e%2e",
    ]) {
      const text = await fixture.harness.fail("jenkins_job", { job });
      expect(text, job).toContain("must be a Jenkins job name");
    }
    expect(fixture.jenkins.requests().some((r) => r.path.includes("admin") || r.path.includes(".."))).toBe(
      false,
    );
  });

  it("gives up at the call's deadline instead of waiting on a slow Jenkins", async () => {
    const slow = await startJenkinsFixture({
      policy: { callTimeoutMs: 150 },
      reuseEmulator: fixture.harness.emulator,
    });
    try {
      slow.jenkins.faults.setLatency(5000);
      const started = performance.now();
      expect(await slow.harness.fail("jenkins_jobs")).toContain("jenkins_jobs did not finish within 150 ms");
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      slow.jenkins.faults.clear();
      await slow.close();
    }
  });

  it("turns server failures into sentences", async () => {
    fixture.jenkins.faults.failNext(1, 503);
    expect(await fixture.harness.fail("jenkins_jobs")).toMatch(
      /failed while trying to list jobs \(HTTP 503.*Retry later/,
    );
  });
});
