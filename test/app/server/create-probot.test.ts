import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { createProbot, readGitHubAppSettings, SettingsError } from "../../../app/server/create-probot.ts";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const base = { APP_ID: "12", PRIVATE_KEY: privateKey, WEBHOOK_SECRET: "s3cret" };

function problems(settings: Record<string, string | undefined>): string[] {
  try {
    readGitHubAppSettings(settings);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error("expected a SettingsError");
}

afterEach(() => {
  nock.cleanAll();
});

describe("readGitHubAppSettings", () => {
  it("reads a complete configuration with defaults", () => {
    expect(readGitHubAppSettings(base)).toEqual({
      appId: 12,
      privateKey,
      webhookSecret: "s3cret",
      baseUrl: undefined,
      logLevel: "info",
      logFormat: "pretty",
      writesPerMinute: 80,
    });
    expect(readGitHubAppSettings({ ...base, GITHUB_WRITES_PER_MINUTE: "5000" }).writesPerMinute).toBe(5000);
    expect(problems({ ...base, GITHUB_WRITES_PER_MINUTE: "fast" })).toEqual([
      'GITHUB_WRITES_PER_MINUTE must be a whole number of at least 1 (GitHub allows 80), got "fast".',
    ]);
  });

  it("names every missing variable in one error", () => {
    expect(problems({})).toEqual([
      "APP_ID is not set: set it to the GitHub App's numeric id.",
      "Neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: set one to the GitHub App's PEM private key.",
      "WEBHOOK_SECRET is not set: set it to the secret configured on the GitHub App's webhook.",
    ]);
    expect(() => readGitHubAppSettings({})).toThrow(
      /^The GitHub App settings are incomplete or wrong:\n {2}- APP_ID is not set/,
    );
  });

  it("explains wrong values", () => {
    expect(
      problems({
        ...base,
        APP_ID: "my-app",
        PRIVATE_KEY: "not a key",
        GHE_HOST: "https://ghe.example.com/",
        GHE_PROTOCOL: "ftp",
        LOG_LEVEL: "loud",
        LOG_FORMAT: "xml",
      }),
    ).toEqual([
      'APP_ID must be the GitHub App\'s numeric id, got "my-app".',
      'PRIVATE_KEY does not hold a PEM private key (it should start with "-----BEGIN RSA PRIVATE KEY-----").',
      'GHE_PROTOCOL must be "https" or "http", got "ftp".',
      'GHE_HOST must be a host name with an optional port, without scheme or path (e.g. github.example.com), got "https://ghe.example.com/".',
      'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, got "loud".',
      'LOG_FORMAT must be "json" or "pretty", got "xml".',
    ]);
    expect(problems({ ...base, GHE_PROTOCOL: "http" })).toEqual([
      "GHE_PROTOCOL is set but GHE_HOST is not: set GHE_HOST too.",
    ]);
  });

  it("reads the key from PRIVATE_KEY_PATH, or one-line PRIVATE_KEY with \\n escapes, never both", () => {
    const dir = mkdtempSync(join(tmpdir(), "skyflo-key-"));
    const path = join(dir, "app.pem");
    writeFileSync(path, privateKey);
    const { PRIVATE_KEY: _, ...rest } = base;
    expect(readGitHubAppSettings({ ...rest, PRIVATE_KEY_PATH: path }).privateKey).toBe(privateKey);
    expect(readGitHubAppSettings({ ...rest, PRIVATE_KEY: privateKey.replace(/\n/g, "\\n") }).privateKey).toBe(
      privateKey,
    );
    expect(problems({ ...rest, PRIVATE_KEY_PATH: join(dir, "missing.pem") })).toEqual([
      `PRIVATE_KEY_PATH: cannot read ${join(dir, "missing.pem")} (ENOENT).`,
    ]);
    expect(problems({ ...base, PRIVATE_KEY_PATH: path })).toEqual([
      "PRIVATE_KEY and PRIVATE_KEY_PATH are both set: keep only one.",
    ]);
  });

  it("builds the GitHub Enterprise Server base URL from GHE_HOST and GHE_PROTOCOL", () => {
    expect(readGitHubAppSettings({ ...base, GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" }).baseUrl).toBe(
      "http://127.0.0.1:8080/api/v3",
    );
    expect(readGitHubAppSettings({ ...base, GHE_HOST: "github.example.com" }).baseUrl).toBe(
      "https://github.example.com/api/v3",
    );
  });
});

describe("createProbot", () => {
  it("authenticates as an installation against the GHE base URL", async () => {
    const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    }));
    const probot = createProbot(
      { ...base, GHE_HOST: "ghe.example.test", LOG_LEVEL: "fatal" },
      { Octokit: TestOctokit },
    );
    nock("https://ghe.example.test")
      .post("/api/v3/app/installations/42/access_tokens")
      .matchHeader("authorization", /^bearer [\w-]+\.[\w-]+\.[\w-]+$/)
      .reply(201, { token: "inst-token", expires_at: new Date(Date.now() + 3_600_000).toISOString() })
      .get("/api/v3/repos/acme/shop")
      .matchHeader("authorization", "token inst-token")
      .reply(200, { default_branch: "main" });
    const octokit = await probot.auth(42);
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "shop" });
    expect(data.default_branch).toBe("main");
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("throws the SettingsError before building anything", () => {
    expect(() => createProbot({ ...base, WEBHOOK_SECRET: "" })).toThrow(SettingsError);
  });
});
