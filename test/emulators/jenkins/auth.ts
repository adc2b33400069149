// Who is calling, as Jenkins decides it: HTTP basic auth with a user's API token (no crumb needed)
// or password (crumb needed, as for anonymous callers), bad credentials → 401; and the crumb
// issuer, whose crumbs are bound to the web session (cookie) that fetched them, as since 2.176.
import { randomBytes } from "node:crypto";

export interface JenkinsUserSeed {
  /** API tokens; a request with one of these needs no crumb. */
  tokens?: string[];
  password?: string;
}

/** What an unauthenticated caller may do. */
export type AnonymousAccess = "none" | "read" | "build";

export type Principal =
  | { kind: "anonymous" }
  | { kind: "user"; name: string; via: "token" | "password" }
  | { kind: "rejected" };

const SESSION_COOKIE = "JSESSIONID.5ky1f10e";
export const CRUMB_FIELD = "Jenkins-Crumb";

export class JenkinsAuth {
  readonly #users: Map<string, JenkinsUserSeed>;
  readonly anonymous: AnonymousAccess;
  readonly #crumbs = new Map<string, string>(); // session id → crumb

  constructor(users: Record<string, JenkinsUserSeed>, anonymous: AnonymousAccess) {
    this.#users = new Map(Object.entries(users));
    this.anonymous = anonymous;
  }

  principal(authorization: string | undefined): Principal {
    if (!authorization) return { kind: "anonymous" };
    const match = /^Basic\s+(.+)$/i.exec(authorization);
    if (!match) return { kind: "rejected" };
    const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return { kind: "rejected" };
    const name = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const user = this.#users.get(name);
    if (!user) return { kind: "rejected" };
    if (user.tokens?.includes(secret)) return { kind: "user", name, via: "token" };
    if (user.password !== undefined && user.password === secret)
      return { kind: "user", name, via: "password" };
    return { kind: "rejected" };
  }

  may(principal: Principal, action: "read" | "build"): boolean {
    if (principal.kind === "user") return true;
    if (principal.kind === "rejected") return false;
    return this.anonymous === "build" || (this.anonymous === "read" && action === "read");
  }

  /** The session's crumb (a new session when the cookie names none); the Set-Cookie to send if new. */
  issueCrumb(cookie: string | undefined): { crumb: string; setCookie: string | undefined } {
    const existing = sessionOf(cookie);
    if (existing !== undefined) {
      const crumb = this.#crumbs.get(existing);
      if (crumb) return { crumb, setCookie: undefined };
    }
    const session = randomBytes(12).toString("hex");
    const crumb = randomBytes(16).toString("hex");
    this.#crumbs.set(session, crumb);
    return { crumb, setCookie: `${SESSION_COOKIE}=${session}; Path=/; HttpOnly` };
  }

  /** Whether a state-changing request carries the crumb of its own session. */
  crumbValid(cookie: string | undefined, crumb: string | undefined): boolean {
    const session = sessionOf(cookie);
    return session !== undefined && crumb !== undefined && this.#crumbs.get(session) === crumb;
  }
}

function sessionOf(cookie: string | undefined): string | undefined {
  for (const part of (cookie ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === SESSION_COOKIE && value) return value;
  }
  return undefined;
}
