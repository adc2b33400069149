// The Jenkins emulator speaks the remote API the tools rely on: auth and crumbs, trees, the queue,
// builds with scripted results, progressive logs, stop, queue forgetting and fault injection.
import { afterEach, describe, expect, it } from "vitest";
import { type JenkinsEmulator, startJenkinsEmulator } from "./index.ts";

const token = "11aa22bb33cc";
const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;

let emulator: JenkinsEmulator;
afterEach(async () => {
  await emulator?.close();
});

async function start(options: Parameters<typeof startJenkinsEmulator>[0] = {}) {
  emulator = await startJenkinsEmulator({
    users: { alice: { tokens: [token], password: "s3cret" } },
    jobs: [
      {
        name: "deploy-web",
        parameters: [
          { type: "choice", name: "ENV", choices: ["staging", "prod"] },
          { type: "string", name: "VERSION", default: "latest" },
          { type: "boolean", name: "DRY_RUN", default: false },
        ],
        scm: { url: "https://git.example.com/web.git", branch: "main" },
      },
      { name: "team/apps/nightly" },
    ],
    ...options,
  });
  return emulator;
}

const asAlice = { authorization: basic("alice", token) };

async function pollJson(url: string, until: (value: Record<string, unknown>) => boolean) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const response = await fetch(url, { headers: asAlice });
    const value = (await response.json()) as Record<string, unknown>;
    if (until(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("Jenkins emulator", () => {
  it("answers 401 to bad credentials and 403 to anonymous callers without permission", async () => {
    await start();
    expect(
      (await fetch(`${emulator.url}/api/json`, { headers: { authorization: basic("alice", "nope") } }))
        .status,
    ).toBe(401);
    expect((await fetch(`${emulator.url}/api/json`)).status).toBe(403);
    expect((await fetch(`${emulator.url}/api/json`, { headers: asAlice })).status).toBe(200);
  });

  it("lists jobs and folders, filters with tree and resolves folder paths", async () => {
    await start();
    const root = (await (
      await fetch(`${emulator.url}/api/json?tree=jobs[name,fullName]`, { headers: asAlice })
    ).json()) as {
      jobs: Array<Record<string, unknown>>;
    };
    expect(root.jobs.map((j) => j.name)).toEqual(["deploy-web", "team"]);
    expect(Object.keys(root.jobs[0] ?? {}).sort()).toEqual(["_class", "fullName", "name"]);
    const nested = await (
      await fetch(`${emulator.url}/job/team/job/apps/job/nightly/api/json`, { headers: asAlice })
    ).json();
    expect(nested).toMatchObject({ fullName: "team/apps/nightly", buildable: true });
    expect((await fetch(`${emulator.url}/job/missing/api/json`, { headers: asAlice })).status).toBe(404);
  });

  it("shows parameter definitions and SCM of a job", async () => {
    await start();
    const job = (await (
      await fetch(`${emulator.url}/job/deploy-web/api/json`, { headers: asAlice })
    ).json()) as Record<string, unknown>;
    expect(job.property).toEqual([
      expect.objectContaining({
        parameterDefinitions: [
          expect.objectContaining({
            name: "ENV",
            type: "ChoiceParameterDefinition",
            choices: ["staging", "prod"],
          }),
          expect.objectContaining({
            name: "VERSION",
            defaultParameterValue: expect.objectContaining({ value: "latest" }),
          }),
          expect.objectContaining({ name: "DRY_RUN", type: "BooleanParameterDefinition" }),
        ],
      }),
    ]);
    expect(job.scm).toMatchObject({ userRemoteConfigs: [{ url: "https://git.example.com/web.git" }] });
  });

  it("queues a build with parameters, starts it and finishes it with the scripted result", async () => {
    await start();
    emulator.scriptBuilds("deploy-web", {
      result: "UNSTABLE",
      log: ["one", "two"],
      changeSet: [{ commitId: "abc", msg: "fix", author: "bob" }],
    });
    const response = await fetch(`${emulator.url}/job/deploy-web/buildWithParameters?ENV=prod`, {
      method: "POST",
      headers: asAlice,
      body: new URLSearchParams({ DRY_RUN: "true" }),
    });
    expect(response.status).toBe(201);
    const location = response.headers.get("location") as string;
    expect(location).toMatch(/\/queue\/item\/\d+\/$/);
    const item = await pollJson(`${location}api/json`, (v) => v.executable !== null);
    const number = (item.executable as { number: number }).number;
    expect(number).toBe(1);
    const build = await emulator.waitForBuild("deploy-web", number);
    expect(build.result).toBe("UNSTABLE");
    const json = (await (
      await fetch(`${emulator.url}/job/deploy-web/1/api/json`, { headers: asAlice })
    ).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ result: "UNSTABLE", building: false, queueId: item.id });
    expect(JSON.stringify(json.actions)).toContain('"name":"ENV","value":"prod"');
    expect(JSON.stringify(json.actions)).toContain('"name":"DRY_RUN","value":true');
    expect(JSON.stringify(json.changeSets)).toContain('"commitId":"abc"');
  });

  it("refuses a choice outside the list and /build on a parameterized job", async () => {
    await start();
    const bad = await fetch(`${emulator.url}/job/deploy-web/buildWithParameters?ENV=qa`, {
      method: "POST",
      headers: asAlice,
    });
    expect(bad.status).toBe(400);
    const plain = await fetch(`${emulator.url}/job/deploy-web/build`, { method: "POST", headers: asAlice });
    expect(plain.status).toBe(400);
  });

  it("requires a crumb of the same session for POSTs without an API token", async () => {
    await start({ anonymous: "build" });
    const noCrumb = await fetch(`${emulator.url}/job/team/job/apps/job/nightly/build`, { method: "POST" });
    expect(noCrumb.status).toBe(403);
    expect(await noCrumb.text()).toContain("No valid crumb");
    const issued = await fetch(`${emulator.url}/crumbIssuer/api/json`);
    const cookie = (issued.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const { crumb, crumbRequestField } = (await issued.json()) as {
      crumb: string;
      crumbRequestField: string;
    };
    const otherSession = await fetch(`${emulator.url}/job/team/job/apps/job/nightly/build`, {
      method: "POST",
      headers: { [crumbRequestField]: crumb },
    });
    expect(otherSession.status).toBe(403);
    const ok = await fetch(`${emulator.url}/job/team/job/apps/job/nightly/build`, {
      method: "POST",
      headers: { [crumbRequestField]: crumb, cookie },
    });
    expect(ok.status).toBe(201);
    // A password (not an API token) also needs the crumb.
    const password = await fetch(`${emulator.url}/job/team/job/apps/job/nightly/build`, {
      method: "POST",
      headers: { authorization: basic("alice", "s3cret") },
    });
    expect(password.status).toBe(403);
  });

  it("serves the log progressively and stops a running build", async () => {
    await start({ buildDurationMs: 60_000 });
    emulator.scriptBuilds("team/apps/nightly", { result: "SUCCESS", log: ["first", "second"] });
    await fetch(`${emulator.url}/job/team/job/apps/job/nightly/build`, { method: "POST", headers: asAlice });
    await pollJson(`${emulator.url}/job/team/job/apps/job/nightly/api/json`, (v) => v.lastBuild !== null);
    const logUrl = `${emulator.url}/job/team/job/apps/job/nightly/1/logText/progressiveText`;
    const first = await fetch(`${logUrl}?start=0`, { headers: asAlice });
    const firstText = await first.text();
    expect(firstText).toBe("Started by user alice\nfirst\n");
    expect(first.headers.get("x-more-data")).toBe("true");
    const size = Number(first.headers.get("x-text-size"));
    expect(size).toBe(Buffer.byteLength(firstText));
    const stop = await fetch(`${emulator.url}/job/team/job/apps/job/nightly/1/stop`, {
      method: "POST",
      headers: asAlice,
      redirect: "manual",
    });
    expect(stop.status).toBe(302);
    const rest = await fetch(`${logUrl}?start=${size}`, { headers: asAlice });
    expect(await rest.text()).toBe("Aborted by user\nFinished: ABORTED\n");
    expect(rest.headers.get("x-more-data")).toBeNull();
  });

  it("forgets queue items after the window and keeps queueId on the build", async () => {
    await start({ queueForgetMs: 30 });
    const response = await fetch(`${emulator.url}/job/team/job/apps/job/nightly/build`, {
      method: "POST",
      headers: asAlice,
    });
    const location = response.headers.get("location") as string;
    await emulator.waitForBuild("team/apps/nightly", 1);
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status !== 404 && Date.now() < deadline) {
      status = (await fetch(`${location}api/json`, { headers: asAlice })).status;
    }
    expect(status).toBe(404);
    const id = Number(/item\/(\d+)/.exec(location)?.[1]);
    expect(emulator.job("team/apps/nightly").builds[0]?.queueId).toBe(id);
  });

  it("injects failures for matching requests and records requests", async () => {
    await start();
    emulator.faults.failNext(2, 503, (method) => method === "GET");
    expect((await fetch(`${emulator.url}/api/json`, { headers: asAlice })).status).toBe(503);
    expect((await fetch(`${emulator.url}/api/json`, { headers: asAlice })).status).toBe(503);
    expect((await fetch(`${emulator.url}/api/json`, { headers: asAlice })).status).toBe(200);
    expect(emulator.requests().map((r) => r.status)).toEqual([503, 503, 200]);
  });
});
