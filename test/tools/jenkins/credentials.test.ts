// Jenkins credentials come from server settings only and never come back out: not in results, not
// in errors (401, 403, failures whose body echoes the header), not in the backend's JSON.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJenkinsBackend, jenkinsBackendFromEnv } from "../../../tools/jenkins/backend.ts";
import { type McpHarness, startMcpHarness } from "../../support/mcp-harness.ts";
import { type JenkinsFixture, startJenkinsFixture, token, user } from "./jenkins-fixture.ts";

const basic = Buffer.from(`${user}:${token}`).toString("base64");

function leaks(text: string): boolean {
  return text.includes(token) || text.includes(basic);
}

let fixture: JenkinsFixture;

beforeAll(async () => {
  fixture = await startJenkinsFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe("Jenkins credentials", () => {
  it("never appear in results, diffs or errors", async () => {
    const texts: string[] = [];
    const record = async (name: string, args: Record<string, unknown>) => {
      const result = await fixture.harness.call(name, args);
      texts.push(JSON.stringify(result));
    };
    await record("jenkins_jobs", {});
    await record("jenkins_job", { job: "deploy-web" });
    await record("jenkins_trigger", { job: "deploy-web", parameters: { ENV: "prod" }, dryRun: true });
    await record("jenkins_trigger", { job: "deploy-web", parameters: { ENV: "prod" } });
    await record("jenkins_build", { job: "deploy-web", build: 1 });
    await record("jenkins_log", { job: "deploy-web", build: 1 });
    await record("jenkins_trigger", { job: "deploy-web", parameters: { NOPE: "1" } });
    await record("jenkins_job", { job: "missing" });
    for (const status of [401, 403, 500, 400]) {
      fixture.jenkins.faults.failNext(1, status);
      await record("jenkins_job", { job: "deploy-web" });
    }
    expect(texts.join("\n")).toContain("Injected failure 500");
    for (const text of texts) expect(leaks(text), text).toBe(false);
  });

  it("say what to check on 401 and 403", async () => {
    fixture.jenkins.faults.failNext(1, 401);
    const unauthorized = await fixture.harness.fail("jenkins_job", { job: "deploy-web" });
    expect(unauthorized).toMatch(
      /rejected Skyflo's credentials while trying to read job "deploy-web" \(HTTP 401\)\. Check SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN/,
    );
    fixture.jenkins.faults.failNext(1, 403);
    const forbidden = await fixture.harness.fail("jenkins_trigger", { job: "nightly" });
    expect(forbidden).toMatch(
      /refused to read job "nightly" \(HTTP 403: Injected failure 403\)\. Check SKYFLO_JENKINS_USER/,
    );
  });

  it("a wrong token is a 401 sentence without the token in it", async () => {
    const wrong = "definitely-not-the-token";
    const backend = createJenkinsBackend({ url: fixture.jenkins.url, credentials: { user, token: wrong } });
    const harness = await startMcpHarness({
      backends: { jenkins: backend },
      reuseEmulator: fixture.harness.emulator,
    });
    try {
      const text = await harness.fail("jenkins_jobs", {});
      expect(text).toContain("(HTTP 401)");
      expect(text).not.toContain(wrong);
    } finally {
      await harness.close();
    }
  });

  it("are scrubbed from text Jenkins sends back", () => {
    expect(fixture.backend.scrub(`Authorization: Basic ${basic}; token=${token}`)).toBe(
      "Authorization: Basic <redacted>; token=<redacted>",
    );
    expect(JSON.stringify(fixture.backend)).toBe(
      JSON.stringify({ url: fixture.jenkins.url, pollIntervalMs: 5 }),
    );
    expect(JSON.stringify({ ...fixture.backend })).not.toContain(token);
  });
});

describe("jenkinsBackendFromEnv", () => {
  it("is undefined without a URL, and then the tools say how to configure Jenkins", async () => {
    expect(jenkinsBackendFromEnv({})).toBeUndefined();
    expect(jenkinsBackendFromEnv({ SKYFLO_JENKINS_URL: "  " })).toBeUndefined();
    let harness: McpHarness | undefined;
    try {
      harness = await startMcpHarness({ reuseEmulator: fixture.harness.emulator });
      expect(await harness.fail("jenkins_jobs", {})).toBe(
        "jenkins_jobs cannot run: no Jenkins is configured for this Skyflo server. Set SKYFLO_JENKINS_URL (and SKYFLO_JENKINS_USER with SKYFLO_JENKINS_TOKEN) where Skyflo runs.",
      );
    } finally {
      await harness?.close();
    }
  });

  it("reads the URL, user and token", () => {
    const backend = jenkinsBackendFromEnv({
      SKYFLO_JENKINS_URL: "https://jenkins.example.com/ci/",
      SKYFLO_JENKINS_USER: "bot",
      SKYFLO_JENKINS_TOKEN: "t0ken-value",
    });
    expect(backend?.url).toBe("https://jenkins.example.com/ci");
    expect(backend?.scrub("x t0ken-value y")).toBe("x <redacted> y");
    expect(jenkinsBackendFromEnv({ SKYFLO_JENKINS_URL: "http://jenkins:8080" })?.url).toBe(
      "http://jenkins:8080",
    );
  });

  it("refuses half-set credentials and credentials in the URL without echoing them", () => {
    expect(() =>
      jenkinsBackendFromEnv({ SKYFLO_JENKINS_URL: "http://j", SKYFLO_JENKINS_USER: "bot" }),
    ).toThrow("Set both SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN");
    let message = "";
    try {
      jenkinsBackendFromEnv({ SKYFLO_JENKINS_URL: "https://bot:s3cr3t@jenkins.example.com" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("SKYFLO_JENKINS_URL contains credentials");
    expect(message).not.toContain("s3cr3t");
    expect(() => jenkinsBackendFromEnv({ SKYFLO_JENKINS_URL: "ftp://jenkins" })).toThrow(
      "must start with http:// or https://",
    );
  });
});
