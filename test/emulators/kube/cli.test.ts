// `npm run kube-emulator`: prints where it listens, serves, and exits 0 on SIGTERM; bad flags fail fast.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
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

describe("kube-emulator CLI", () => {
  it("prints KUBE_API_URL and KUBECONFIG, serves, and exits 0 on SIGTERM", async () => {
    const child = start(["--ready-delay-ms", "10"]);
    const [urlLine = "", configLine = ""] = await firstLines(child, 2);
    expect(urlLine).toMatch(/^KUBE_API_URL=http:\/\/127\.0\.0\.1:\d+$/);
    expect(configLine).toMatch(/^KUBECONFIG=\/.+\/kubeconfig$/);
    const version = await fetch(`${urlLine.slice("KUBE_API_URL=".length)}/version`);
    expect(version.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("refuses unknown flags and bad values with exit code 2 and a usage line", async () => {
    for (const args of [["--bogus"], ["--port", "http"]]) {
      const child = start(args);
      let stderr = "";
      child.stderr?.on("data", (chunk) => {
        stderr += String(chunk);
      });
      const [code] = await once(child, "exit");
      expect(code).toBe(2);
      expect(stderr).toContain("usage: npm run kube-emulator");
    }
  });
});
