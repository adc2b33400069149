// Reading request bodies and writing responses as GitHub does: JSON with rate-limit headers.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { GitHubApiError } from "./errors.ts";

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An empty body is `{}`; malformed JSON or a non-object is GitHub's 400 "Problems parsing JSON". */
export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GitHubApiError(400, "Problems parsing JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new GitHubApiError(400, "Problems parsing JSON: the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

// Octokit's throttling plugin reads these; a generous, never-decreasing budget.
function rateLimitHeaders(): Record<string, string> {
  return {
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-used": "1",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    "x-ratelimit-resource": "core",
    "x-github-media-type": "github.v3; format=json",
    "x-github-request-id": randomUUID(),
  };
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const all: Record<string, string | number> = { ...rateLimitHeaders(), ...headers };
  if (body === undefined || status === 204) {
    res.writeHead(status, all);
    res.end();
    return;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  all["content-type"] ??=
    typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  all["content-length"] = Buffer.byteLength(text);
  res.writeHead(status, all);
  res.end(text);
}
