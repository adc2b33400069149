// Jenkins answers turned into sentences a person can act on: which job or build, what Jenkins said,
// and what to check (credentials, the job name, the server).
import { ToolError } from "../shared/tool-error.ts";
import type { JenkinsClient, JenkinsResponse } from "./client.ts";

export interface FailureContext {
  /** What was being done, e.g. `read job "deploy-web"`. */
  action: string;
  /** The sentence for a 404, e.g. `Job "deploy-web" does not exist on Jenkins at …`. */
  notFound: string;
  notFoundHint?: string;
}

/** A failure Jenkins answered with an HTTP status (so callers can tell lasting ones from passing ones). */
export class JenkinsHttpError extends ToolError {
  readonly status: number;

  constructor(status: number, message: string, hint?: string) {
    super(message, hint);
    this.status = status;
  }
}

const CREDENTIALS_HINT =
  "Check SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN (a user and one of its API tokens) and that this user has the permission.";

/** A short, tag-free excerpt of what Jenkins said, scrubbed of credentials. */
function excerpt(client: JenkinsClient, text: string): string {
  const plain = text
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const short = plain.length > 200 ? `${plain.slice(0, 199)}…` : plain;
  return client.scrub(short);
}

export function jenkinsFailure(
  client: JenkinsClient,
  response: JenkinsResponse,
  context: FailureContext,
): JenkinsHttpError {
  const status = response.status;
  const where = `Jenkins at ${client.url}`;
  const said = excerpt(client, response.text);
  const saying = said ? `: ${said}` : "";
  switch (response.status) {
    case 401:
      return new JenkinsHttpError(
        status,
        `${where} rejected Skyflo's credentials while trying to ${context.action} (HTTP 401).`,
        CREDENTIALS_HINT,
      );
    case 403:
      return new JenkinsHttpError(
        status,
        `${where} refused to ${context.action} (HTTP 403${saying}).`,
        CREDENTIALS_HINT,
      );
    case 404:
      return new JenkinsHttpError(status, context.notFound, context.notFoundHint);
    case 409:
      return new JenkinsHttpError(
        status,
        `${where} refused to ${context.action} (HTTP 409${saying}); the job may be disabled.`,
      );
    default:
      if (response.status >= 500) {
        return new JenkinsHttpError(
          status,
          `${where} failed while trying to ${context.action} (HTTP ${response.status}${saying}).`,
          "Retry later, or check the Jenkins server log.",
        );
      }
      return new JenkinsHttpError(
        status,
        `${where} rejected the request to ${context.action} (HTTP ${response.status}${saying}).`,
      );
  }
}

/** Parses a JSON answer; a Jenkins that answers HTML (a login page, a proxy) gets a sentence. */
export function parseJson<T>(client: JenkinsClient, response: JenkinsResponse, action: string): T {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    throw new ToolError(
      `Jenkins at ${client.url} did not answer JSON while trying to ${action} (got: ${excerpt(client, response.text).slice(0, 80)}).`,
      "Check that SKYFLO_JENKINS_URL points at Jenkins itself, not a login page or proxy.",
    );
  }
}
