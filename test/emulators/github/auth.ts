// Who is calling: a user ("token <login>"), the app (an RS256 JWT signed with its private key), or
// an installation ("token ghs_…" from POST /app/installations/{id}/access_tokens). JWTs are
// verified with node:crypto: a JWT library would add a dependency for 20 lines of checks.
import { createPublicKey, type KeyObject, randomBytes, verify } from "node:crypto";
import { unauthorized } from "./errors.ts";
import type { World } from "./state/world.ts";

export type Actor =
  | { kind: "anonymous" }
  | { kind: "user"; login: string }
  | { kind: "app" }
  | { kind: "installation"; installationId: number; login: string };

const loginPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const tokenLifetimeMs = 60 * 60 * 1000;

/** The name the recorder shows: a login, "app" or "anonymous". */
export function actorName(actor: Actor): string {
  if (actor.kind === "user" || actor.kind === "installation") return actor.login;
  return actor.kind;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function verifyAppJwt(jwt: string, world: World, publicKey: KeyObject): Actor {
  const [headerPart = "", payloadPart = "", signaturePart = ""] = jwt.split(".");
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload) throw unauthorized("A JSON web token could not be decoded");
  if (header.alg !== "RS256") {
    throw unauthorized(`'alg' must be RS256 for GitHub App JWTs, got ${JSON.stringify(header.alg)}`);
  }
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  if (!verify("RSA-SHA256", signed, publicKey, Buffer.from(signaturePart, "base64url"))) {
    throw unauthorized("A JSON web token could not be decoded: the signature does not match the app's key");
  }
  if (String(payload.iss) !== String(world.appId)) {
    throw unauthorized(
      `'Issuer' claim ('iss') must be the app id ${world.appId}, got ${JSON.stringify(payload.iss)}`,
    );
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== "number" || payload.exp <= nowSeconds) {
    throw unauthorized(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  if (payload.exp > nowSeconds + 660) {
    throw unauthorized("'Expiration time' claim ('exp') is too far in the future (at most 10 minutes)");
  }
  if (typeof payload.iat !== "number" || payload.iat > nowSeconds + 60) {
    throw unauthorized("'Issued at' claim ('iat') must be an Integer representing a time in the past");
  }
  return { kind: "app" };
}

/** Resolves the Authorization header; a missing header is anonymous, a bad one a 401. */
export function authenticate(header: string | undefined, world: World, publicKey: KeyObject): Actor {
  if (!header) return { kind: "anonymous" };
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
  if (!match)
    throw unauthorized(
      "Bad credentials: use 'token <login>', 'token <installation token>' or 'Bearer <app JWT>'",
    );
  const credential = match[2] as string;
  if (credential.split(".").length === 3) return verifyAppJwt(credential, world, publicKey);
  if (credential.startsWith("ghs_")) {
    const token = world.tokens.get(credential);
    if (!token || token.expiresAt <= Date.now()) throw unauthorized("Bad credentials");
    return { kind: "installation", installationId: token.installationId, login: world.botLogin };
  }
  if (!loginPattern.test(credential))
    throw unauthorized(`Bad credentials: "${credential}" is not a valid login`);
  return { kind: "user", login: credential };
}

/** A best-effort name for the recorder, without verifying anything (faults answer before auth). */
export function peekActorName(header: string | undefined, world: World): string {
  const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(header?.trim() ?? "")?.[1];
  if (!credential) return "anonymous";
  if (credential.split(".").length === 3) return "app";
  if (credential.startsWith("ghs_")) return world.botLogin;
  return credential;
}

export function issueInstallationToken(
  world: World,
  installationId: number,
): { token: string; expiresAt: string } {
  const token = `ghs_${randomBytes(18).toString("hex")}`;
  const expiresAt = Date.now() + tokenLifetimeMs;
  world.tokens.set(token, { installationId, expiresAt });
  return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

export function publicKeyOf(privateKeyPem: string): KeyObject {
  return createPublicKey(privateKeyPem);
}
