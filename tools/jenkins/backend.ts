// The Jenkins server the Jenkins tools talk to, from server settings (never from a plan or a
// repository): its URL and, optionally, a user with an API token.
import { ToolError } from "../shared/tool-error.ts";
import { JenkinsClient, type JenkinsCredentials } from "./client.ts";

export interface JenkinsSettings {
  url: string;
  credentials?: JenkinsCredentials;
  /** How often waiting calls (queue → build, verification) poll Jenkins (default 1000 ms). */
  pollIntervalMs?: number;
}

/** What ToolContext.jenkins holds: a client bound to one Jenkins. Holds no credentials in sight. */
export class JenkinsBackend extends JenkinsClient {
  readonly pollIntervalMs: number;

  constructor(settings: JenkinsSettings) {
    super(settings.url, settings.credentials);
    this.pollIntervalMs = settings.pollIntervalMs ?? 1000;
  }

  /** What JSON.stringify and logs show: never the credentials. */
  toJSON(): Record<string, unknown> {
    return { url: this.url, pollIntervalMs: this.pollIntervalMs };
  }
}

/** Checks and builds the backend; the URL must be http(s) and carry no credentials of its own. */
export function createJenkinsBackend(settings: JenkinsSettings): JenkinsBackend {
  let parsed: URL;
  try {
    parsed = new URL(settings.url);
  } catch {
    throw new Error(
      "SKYFLO_JENKINS_URL is not a URL; set it to Jenkins' address, e.g. https://jenkins.example.com.",
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error("SKYFLO_JENKINS_URL must start with http:// or https://.");
  }
  if (parsed.username || parsed.password) {
    // Said without echoing the URL: it holds the secret.
    throw new Error(
      "SKYFLO_JENKINS_URL contains credentials; remove them and set SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN instead.",
    );
  }
  parsed.search = "";
  parsed.hash = "";
  return new JenkinsBackend({ ...settings, url: parsed.toString() });
}

/**
 * The backend configured by SKYFLO_JENKINS_URL, SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN;
 * undefined without a URL (the Jenkins tools then say Jenkins is not configured). Throws when the
 * settings are inconsistent (a user without a token or the other way round).
 */
export function jenkinsBackendFromEnv(
  env: NodeJS.ProcessEnv | Record<string, string | undefined>,
): JenkinsBackend | undefined {
  const url = env.SKYFLO_JENKINS_URL?.trim();
  if (!url) return undefined;
  const user = env.SKYFLO_JENKINS_USER?.trim();
  const token = env.SKYFLO_JENKINS_TOKEN?.trim();
  if (Boolean(user) !== Boolean(token)) {
    throw new Error(
      "Set both SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN (a user and one of its API tokens), or neither for anonymous access.",
    );
  }
  return createJenkinsBackend({ url, credentials: user && token ? { user, token } : undefined });
}

/** The configured backend, or a ToolError saying how to configure one. */
export function requireJenkins(jenkins: JenkinsBackend | undefined, tool: string): JenkinsBackend {
  if (jenkins) return jenkins;
  throw new ToolError(
    `${tool} cannot run: no Jenkins is configured for this Skyflo server.`,
    "Set SKYFLO_JENKINS_URL (and SKYFLO_JENKINS_USER with SKYFLO_JENKINS_TOKEN) where Skyflo runs.",
  );
}
