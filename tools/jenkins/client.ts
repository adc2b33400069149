// Talks to Jenkins' remote API with Node's fetch. No npm client is used on purpose: the maintained
// ones do not combine API-token auth, crumb + session-cookie handling and progressive log reads.
// Credentials live only in private fields and in the Authorization header; every text that comes
// back is scrubbed of them before anyone sees it.
import { ToolError } from "../shared/tool-error.ts";

export interface JenkinsCredentials {
  user: string;
  /** An API token (preferred: no crumb needed) or a password. */
  token: string;
}

export interface JenkinsRequest {
  method?: "GET" | "POST";
  query?: Record<string, string | number | undefined>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  signal: AbortSignal;
  /** Stop reading the body after this many bytes (the rest is left unread). */
  maxBytes?: number;
}

export interface JenkinsResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body was cut at maxBytes. */
  cut: boolean;
}

/** A request that never reached Jenkins, or whose answer never arrived. */
export class JenkinsUnreachableError extends ToolError {}

interface Crumb {
  headers: Record<string, string>;
}

const crumbRefused = /crumb/i;

export class JenkinsClient {
  readonly url: string;
  readonly #authorization: string | undefined;
  readonly #secrets: string[];
  readonly #usesToken: boolean;
  #crumb: Promise<Crumb> | undefined;

  constructor(url: string, credentials?: JenkinsCredentials) {
    this.url = url.replace(/\/+$/, "");
    this.#authorization = credentials
      ? `Basic ${Buffer.from(`${credentials.user}:${credentials.token}`).toString("base64")}`
      : undefined;
    this.#secrets = credentials
      ? [
          credentials.token,
          Buffer.from(`${credentials.user}:${credentials.token}`).toString("base64"),
        ].filter((s) => s.length >= 4)
      : [];
    this.#usesToken = credentials !== undefined;
  }

  /** Removes any credential from a text that came back (error bodies, headers, causes). */
  scrub(text: string): string {
    let clean = text;
    for (const secret of this.#secrets) clean = clean.split(secret).join("<redacted>");
    return clean;
  }

  async request(path: string, options: JenkinsRequest): Promise<JenkinsResponse> {
    const method = options.method ?? "GET";
    if (method === "GET") return this.#send(path, options, {});
    // With an API token Jenkins needs no crumb. Without one (or when the token turns out to be a
    // password) a crumb is fetched and sent with the session cookie it belongs to, once per client.
    const first = this.#usesToken ? undefined : await this.#crumbHeaders(options.signal, false);
    const answer = await this.#send(path, options, first?.headers ?? {});
    if (answer.status !== 403 || !crumbRefused.test(answer.text)) return answer;
    // 403 "No valid crumb": Jenkins refused before doing anything, so sending again is safe.
    const fresh = await this.#crumbHeaders(options.signal, true);
    return this.#send(path, options, fresh.headers);
  }

  #crumbHeaders(signal: AbortSignal, refresh: boolean): Promise<Crumb> {
    if (!this.#crumb || refresh) {
      const pending = this.#fetchCrumb(signal);
      // A failed fetch is not cached: the next POST tries again.
      pending.catch(() => {
        if (this.#crumb === pending) this.#crumb = undefined;
      });
      this.#crumb = pending;
    }
    return this.#crumb;
  }

  async #fetchCrumb(signal: AbortSignal): Promise<Crumb> {
    const answer = await this.#send("/crumbIssuer/api/json", { signal }, {});
    // 404: CSRF protection is off on this Jenkins; nothing to send.
    if (answer.status === 404) return { headers: {} };
    if (answer.status !== 200) {
      throw new ToolError(
        `Jenkins at ${this.url} did not issue a CSRF crumb (HTTP ${answer.status}), which it requires for changes made without an API token.`,
        "Set SKYFLO_JENKINS_USER and SKYFLO_JENKINS_TOKEN to a user and one of its API tokens.",
      );
    }
    const body = JSON.parse(answer.text) as { crumb?: unknown; crumbRequestField?: unknown };
    if (typeof body.crumb !== "string" || typeof body.crumbRequestField !== "string") {
      throw new ToolError(`Jenkins at ${this.url} answered the crumb request without a crumb.`);
    }
    const cookies = answer.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0] ?? "")
      .filter((cookie) => cookie.length > 0);
    const headers: Record<string, string> = { [body.crumbRequestField]: body.crumb };
    if (cookies.length > 0) headers.Cookie = cookies.join("; ");
    return { headers };
  }

  async #send(
    path: string,
    options: JenkinsRequest,
    extra: Record<string, string>,
  ): Promise<JenkinsResponse> {
    const target = new URL(`${this.url}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) target.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { Accept: "application/json, text/plain, */*", ...extra };
    if (this.#authorization) headers.Authorization = this.#authorization;
    let response: Response;
    try {
      response = await fetch(target, {
        method: options.method ?? "GET",
        headers,
        body: options.form,
        signal: options.signal,
        // Jenkins answers POSTs with redirects to HTML pages; the status is all we need.
        redirect: "manual",
      });
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      throw new JenkinsUnreachableError(
        `Jenkins at ${this.url} is unreachable (${this.scrub(causeOf(error))}).`,
        "Check SKYFLO_JENKINS_URL and that Jenkins is up and reachable from Skyflo.",
      );
    }
    try {
      const { text, cut } = await readBody(response, options.maxBytes);
      return { status: response.status, headers: response.headers, text, cut };
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      throw new JenkinsUnreachableError(
        `Jenkins at ${this.url} stopped answering while sending ${path} (${this.scrub(causeOf(error))}).`,
        "Retry; if it persists, check the Jenkins server.",
      );
    }
  }
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

/** Reads the body as UTF-8, at most maxBytes (cut on a character boundary). */
async function readBody(
  response: Response,
  maxBytes: number | undefined,
): Promise<{ text: string; cut: boolean }> {
  if (maxBytes === undefined || !response.body) return { text: await response.text(), cut: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > maxBytes) {
      cut = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = Buffer.concat(chunks);
  if (!cut) return { text: bytes.toString("utf8"), cut };
  return { text: utf8Prefix(bytes, maxBytes), cut };
}

/** The longest prefix of at most maxBytes bytes that ends on a character boundary. */
export function utf8Prefix(bytes: Buffer, maxBytes: number): string {
  let end = Math.min(maxBytes, bytes.length);
  // Step back over continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}
