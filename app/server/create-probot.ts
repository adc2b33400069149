// Builds the Probot instance from environment-like settings, checking every variable first so a
// misconfigured deployment fails at start with one message that names each wrong variable.
import { readFileSync } from "node:fs";
import { Probot, type ProbotOctokit } from "probot";
import { createWriteLimiter, githubOctokit, WRITES_PER_MINUTE } from "./github-octokit.ts";

export type Settings = Record<string, string | undefined>;

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export interface GitHubAppSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** GitHub Enterprise Server (or the emulator): `${GHE_PROTOCOL}://${GHE_HOST}/api/v3`. */
  baseUrl: string | undefined;
  logLevel: LogLevel;
  logFormat: "json" | "pretty";
  /** GITHUB_WRITES_PER_MINUTE: content-creating requests allowed per installation per minute (GitHub's limit: 80). */
  writesPerMinute: number;
}

export class SettingsError extends Error {
  override readonly name = "SettingsError";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`The GitHub App settings are incomplete or wrong:\n  - ${problems.join("\n  - ")}`);
    this.problems = problems;
  }
}

/** Reads APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, LOG_FORMAT. */
export function readGitHubAppSettings(settings: Settings): GitHubAppSettings {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = settings[name]?.trim();
    return raw ? raw : undefined;
  };

  const appIdText = value("APP_ID");
  const appId = Number(appIdText);
  if (appIdText === undefined) problems.push("APP_ID is not set: set it to the GitHub App's numeric id.");
  else if (!/^\d+$/.test(appIdText) || appId < 1) {
    problems.push(`APP_ID must be the GitHub App's numeric id, got "${appIdText}".`);
  }

  // The key keeps its exact text (trailing newline included); blank counts as unset.
  const inlineKey = value("PRIVATE_KEY") === undefined ? undefined : settings.PRIVATE_KEY;
  const privateKey = readPrivateKey(inlineKey, value("PRIVATE_KEY_PATH"), problems);

  const webhookSecret = settings.WEBHOOK_SECRET ?? "";
  if (webhookSecret === "") {
    problems.push("WEBHOOK_SECRET is not set: set it to the secret configured on the GitHub App's webhook.");
  }

  const host = value("GHE_HOST");
  const protocol = value("GHE_PROTOCOL");
  let baseUrl: string | undefined;
  if (protocol !== undefined && protocol !== "http" && protocol !== "https") {
    problems.push(`GHE_PROTOCOL must be "https" or "http", got "${protocol}".`);
  }
  if (host === undefined) {
    if (protocol !== undefined) problems.push("GHE_PROTOCOL is set but GHE_HOST is not: set GHE_HOST too.");
  } else if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host) && !/^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
    problems.push(
      `GHE_HOST must be a host name with an optional port, without scheme or path (e.g. github.example.com), got "${host}".`,
    );
  } else {
    baseUrl = `${protocol ?? "https"}://${host}/api/v3`;
  }

  const logLevel = (value("LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}".`);
  }
  const logFormat = (value("LOG_FORMAT") ?? "pretty").toLowerCase();
  if (logFormat !== "json" && logFormat !== "pretty") {
    problems.push(`LOG_FORMAT must be "json" or "pretty", got "${logFormat}".`);
  }

  const writesText = value("GITHUB_WRITES_PER_MINUTE");
  const writesPerMinute = writesText === undefined ? WRITES_PER_MINUTE : Number(writesText);
  if (writesText !== undefined && (!/^\d+$/.test(writesText) || writesPerMinute < 1)) {
    problems.push(
      `GITHUB_WRITES_PER_MINUTE must be a whole number of at least 1 (GitHub allows ${WRITES_PER_MINUTE}), got "${writesText}".`,
    );
  }

  if (problems.length > 0) throw new SettingsError(problems);
  return {
    appId,
    privateKey: privateKey ?? "",
    webhookSecret,
    baseUrl,
    logLevel: logLevel as LogLevel,
    logFormat: logFormat as "json" | "pretty",
    writesPerMinute,
  };
}

function readPrivateKey(
  inline: string | undefined,
  path: string | undefined,
  problems: string[],
): string | undefined {
  if (inline !== undefined && path !== undefined) {
    problems.push("PRIVATE_KEY and PRIVATE_KEY_PATH are both set: keep only one.");
    return undefined;
  }
  if (inline === undefined && path === undefined) {
    problems.push(
      "Neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: set one to the GitHub App's PEM private key.",
    );
    return undefined;
  }
  let key: string;
  let origin: string;
  if (path !== undefined) {
    origin = `PRIVATE_KEY_PATH (${path})`;
    try {
      key = readFileSync(path, "utf8");
    } catch (error) {
      problems.push(
        `PRIVATE_KEY_PATH: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error}).`,
      );
      return undefined;
    }
  } else {
    origin = "PRIVATE_KEY";
    // Environment files often hold the PEM on one line with literal "\n".
    key = (inline ?? "").replace(/\\n/g, "\n");
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) {
    problems.push(
      `${origin} does not hold a PEM private key (it should start with "-----BEGIN RSA PRIVATE KEY-----").`,
    );
    return undefined;
  }
  return key;
}

export interface CreateProbotOptions {
  /** Default: githubOctokit() (writes serialized per installation, at most 80 a minute). */
  /** Octokit class to use; tests pass ProbotOctokit.defaults(fn) with retry/throttle disabled. */
  Octokit?: typeof ProbotOctokit;
}

/** A Probot for the GitHub App described by `settings`; throws SettingsError naming each bad variable. */
export function createProbot(settings: Settings, options: CreateProbotOptions = {}): Probot {
  const app = readGitHubAppSettings(settings);
  return new Probot({
    appId: app.appId,
    privateKey: app.privateKey,
    secret: app.webhookSecret,
    baseUrl: app.baseUrl,
    logLevel: app.logLevel,
    logFormat: app.logFormat,
    Octokit: options.Octokit ?? githubOctokit(createWriteLimiter(app.writesPerMinute)),
  });
}
