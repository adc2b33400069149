// Reading request bodies and writing responses the way the API server does: compact JSON with a
// trailing newline, errors as `Status` objects, plain text for logs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, badRequest } from "../errors.ts";

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON request body; an empty body is `undefined`. Malformed JSON is a 400. */
export function parseJson(body: string): unknown {
  if (body.trim() === "") return undefined;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, pretty = false): void {
  const text = `${pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body)}\n`;
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-cache, private",
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Any thrown error becomes a Status; unexpected ones are 500 InternalError with their message. */
export function sendError(res: ServerResponse, error: unknown): void {
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(
          500,
          "InternalError",
          `Internal error occurred: ${(error as Error)?.message ?? String(error)}`,
        );
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.code, wireStatus(apiError));
}

/** The Status as JSON: on the wire a cause's type is called `reason`. */
export function wireStatus(error: ApiError): Record<string, unknown> {
  const status = error.toStatus();
  const details = status.details as { causes?: Record<string, unknown>[] } | undefined;
  if (details?.causes) {
    details.causes = details.causes.map(({ type, ...rest }) => ({
      ...(type ? { reason: type } : {}),
      ...rest,
    }));
  }
  return status;
}

export function notFoundRoute(): ApiError {
  return new ApiError(404, "NotFound", "the server could not find the requested resource");
}

export function methodNotAllowed(method: string, what: string): ApiError {
  return new ApiError(
    405,
    "MethodNotAllowed",
    `the server does not allow this method on the requested resource: ${method} ${what}`,
  );
}

export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  return new ApiError(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format (${contentType || "no Content-Type"}) - accepted media types include: ${accepted.join(", ")}`,
  );
}
