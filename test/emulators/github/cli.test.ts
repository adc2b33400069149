// `npm run github-emulator`: prints where it listens and the app's credentials, serves, exits 0 on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

const cli = new URL("./cli.ts", import.meta.url).pathname;

function start(args: string[]): ChildProcess {
  // process.execPath is the Node 24 that runs vitest, so the .ts entry point runs directly.
  return spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

async function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of reader) {
    lines.push(line);
    if (lines.length === count) break;
  }
  return lines;
}

describe("github-emulator CLI", () => {
  it("prints GITHUB_API_URL, APP_ID, PRIVATE_KEY_PATH, INSTALLATION_ID, WEBHOOK_SECRET and exits 0 on SIGTERM", async () => {
    const child = start([
      "--webhook-url",
      "http://127.0.0.1:9/hooks",
      "--webhook-secret",
      "s3cret",
      "--owner",
      "acme",
      "--app-id",
      "31",
    ]);
    const lines = await firstLines(child, 5);
    const values = Object.fromEntries(lines.map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(values.GITHUB_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(values.APP_ID).toBe("31");
    expect(readFileSync(values.PRIVATE_KEY_PATH, "utf8")).toContain("BEGIN RSA PRIVATE KEY");
    expect(values.INSTALLATION_ID).toMatch(/^\d+$/);
    expect(values.WEBHOOK_SECRET).toBe("s3cret");
    const repo = await fetch(`${values.GITHUB_API_URL}/api/v3/orgs/acme/repos`, {
      method: "POST",
      headers: { authorization: "token olivia", "content-type": "application/json" },
      body: JSON.stringify({ name: "shop", auto_init: true }),
    });
    expect(repo.status).toBe(201);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("refuses unknown flags and bad values with exit code 2 and a usage line", async () => {
    for (const args of [["--bogus"], ["--port", "http"], ["--webhook-url", "nope"], ["--owner", "-x"]]) {
      const child = start(args);
      let stderr = "";
      child.stderr?.on("data", (chunk) => {
        stderr += String(chunk);
      });
      const [code] = await once(child, "exit");
      expect(code).toBe(2);
      expect(stderr).toContain("usage: npm run github-emulator");
    }
  });
});
