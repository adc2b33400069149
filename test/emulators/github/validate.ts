// Reading request bodies and queries the way GitHub validates them: 422 naming the field.
import type { Reply, RequestContext } from "./context.ts";
import { invalidField, missingField } from "./errors.ts";

export function requiredString(body: Record<string, unknown>, field: string, resource: string): string {
  const value = body[field];
  if (value === undefined || value === null || value === "") throw missingField(resource, field);
  if (typeof value !== "string") throw invalidField(resource, field, `${field} must be a string`);
  return value;
}

export function optionalString(
  body: Record<string, unknown>,
  field: string,
  resource: string,
): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidField(resource, field, `${field} must be a string`);
  return value;
}

export function optionalBoolean(
  body: Record<string, unknown>,
  field: string,
  resource: string,
): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidField(resource, field, `${field} must be a boolean`);
  return value;
}

export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  resource: string,
  field: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidField(resource, field, `${field} must be one of ${allowed.join(", ")}; got "${value}"`);
  }
  return value as T;
}

/** A positive integer route parameter, or 404 (GitHub answers non-numeric ids with Not Found). */
export function numberParam(c: RequestContext, name: string): number {
  const raw = c.params[name] ?? "";
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw invalidField("Request", name, `${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

/** per_page (default 30, max 100) and page, with a Link header as GitHub sends (Octokit's paginate follows it). */
export function paginate(c: RequestContext, items: unknown[], wrap?: (page: unknown[]) => unknown): Reply {
  const perPage = Math.min(Math.max(Number(c.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(c.query.get("page") ?? 1) || 1, 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number) => {
    const query = new URLSearchParams(c.query);
    query.set("page", String(n));
    query.set("per_page", String(perPage));
    return `${c.apiBase}${c.path}?${query.toString()}`;
  };
  const links: string[] = [];
  if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
  return {
    status: 200,
    body: wrap ? wrap(slice) : slice,
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}
