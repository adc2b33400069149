// `skyflo serve`: flags and environment, clear errors for a bad configuration, and a real start,
// in process and as a child process stopped by SIGTERM.
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseServeArgs, runServeCommand } from "../../../app/cli/serve-command.ts";

const cli = fileURLToPath(new URL("../../../bin/skyflo.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "skyflo-serve-"));
const kubeconfig = join(dir, "kubeconfig.yaml");
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
);
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const keyPath = join(dir, "app.pem");
writeFileSync(keyPath, privateKey);
const env = {
  APP_ID: "7",
  PRIVATE_KEY_PATH: keyPath,
  WEBHOOK_SECRET: "s",
  KUBECONFIG: kubeconfig,
  LOG_LEVEL: "fatal" as const,
};

function streams() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  return { streams: { stdout, stderr }, out: () => out, err: () => err };
}

async function waitFor<T>(probe: () => T | undefined, what: string, deadlineMs = 15_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("parseServeArgs", () => {
  it("defaults to 0.0.0.0:3000 and Probot's webhook path", () => {
    expect(parseServeArgs([], {})).toEqual({
      host: "0.0.0.0",
      port: 3000,
      webhookPath: "/api/github/webhooks",
      drainDeadlineMs: 25_000,
    });
  });

  it("reads PORT/HOST/WEBHOOK_PATH/DRAIN_TIMEOUT_MS, and flags win over them", () => {
    const fromEnv = { PORT: "8080", HOST: "127.0.0.1", WEBHOOK_PATH: "/hooks", DRAIN_TIMEOUT_MS: "1000" };
    expect(parseServeArgs([], fromEnv)).toEqual({
      host: "127.0.0.1",
      port: 8080,
      webhookPath: "/hooks",
      drainDeadlineMs: 1000,
    });
    expect(parseServeArgs(["--port", "9090", "--host", "::1"], fromEnv)).toMatchObject({
      host: "::1",
      port: 9090,
    });
  });

  it("names the flag or variable that is wrong", () => {
    expect(() => parseServeArgs(["--port", "http"], {})).toThrow(
      '--port must be a whole number from 0 to 65535, got "http".',
    );
    expect(() => parseServeArgs([], { PORT: "70000" })).toThrow(
      'PORT must be a whole number from 0 to 65535, got "70000".',
    );
    expect(() => parseServeArgs([], { WEBHOOK_PATH: "hooks" })).toThrow(
      'WEBHOOK_PATH must be a URL path starting with "/", got "hooks".',
    );
    expect(() => parseServeArgs(["--verbose"], {})).toThrow(/Unknown option '--verbose'/);
  });
});

describe("runServeCommand", () => {
  it("exits 2 naming each missing GitHub App variable", async () => {
    const io = streams();
    expect(await runServeCommand([], io.streams, { env: { KUBECONFIG: kubeconfig } })).toBe(2);
    expect(io.err()).toBe(
      [
        "skyflo serve: The GitHub App settings are incomplete or wrong:",
        "  - APP_ID is not set: set it to the GitHub App's numeric id.",
        "  - Neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: set one to the GitHub App's PEM private key.",
        "  - WEBHOOK_SECRET is not set: set it to the secret configured on the GitHub App's webhook.",
        "",
      ].join("\n"),
    );
  });

  it("exits 2 on a bad flag, with a pointer to the usage", async () => {
    const io = streams();
    expect(await runServeCommand(["--port=-1"], io.streams, { env })).toBe(2);
    expect(io.err()).toContain('skyflo serve: --port must be a whole number from 0 to 65535, got "-1".');
    expect(io.err()).toContain('Run "skyflo help" for usage.');
  });

  it("exits 1 when the kubeconfig cannot be loaded", async () => {
    const io = streams();
    const missing = join(dir, "missing-kubeconfig");
    expect(await runServeCommand([], io.streams, { env: { ...env, KUBECONFIG: missing } })).toBe(1);
    expect(io.err()).toMatch(/^skyflo serve: cannot load the Kubernetes configuration: .*missing-kubeconfig/);
    expect(io.err()).toContain("Set KUBECONFIG, or run in a pod with a service account.");
  });

  it("exits 1 when the port is taken, naming host and port", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const io = streams();
      expect(
        await runServeCommand(["--host", "127.0.0.1", "--port", String(port)], io.streams, { env }),
      ).toBe(1);
      expect(io.err()).toMatch(
        new RegExp(`^skyflo serve: cannot start the server on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
      );
    } finally {
      taken.close();
    }
  });

  it("serves, logs its URL to stderr, and drains then stops on shutdown", async () => {
    const io = streams();
    let shutdown!: () => void;
    const stopped = new Promise<void>((resolve) => {
      shutdown = resolve;
    });
    const exit = runServeCommand(["--host", "127.0.0.1", "--port", "0"], io.streams, {
      env,
      waitForShutdown: () => stopped,
    });
    const url = await waitFor(
      () => /receiving GitHub webhooks at (http:\S+)\/api\/github\/webhooks/.exec(io.err())?.[1],
      "the URL",
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    shutdown();
    expect(await exit).toBe(0);
    expect(io.err()).toContain("skyflo serve: drained and stopped\n");
    expect(io.out()).toBe("");
  });
});

describe("skyflo serve as a process", () => {
  it("starts from the environment and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "serve", "--host", "127.0.0.1", "--port", "0"], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await waitFor(
        () => /receiving GitHub webhooks at (http:\S+)\/api\/github\/webhooks/.exec(stderr)?.[1],
        "the URL",
      );
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toContain("skyflo serve: drained and stopped");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
