// Job names, parameter names and values are validated before they reach a URL: a job is one or
// more folder-separated names (`team/deploy-web` → /job/team/job/deploy-web), each a plain word,
// so nothing a caller sends can add a path segment, a query or `..`.
import { z } from "zod";

const segment = "[A-Za-z0-9_](?:[A-Za-z0-9_.+-]*[A-Za-z0-9_+-])?";
const MAX_DEPTH = 10;

export const jobName = z
  .string()
  .max(255)
  .regex(
    new RegExp(`^${segment}(?:/${segment}){0,${MAX_DEPTH - 1}}$`),
    "must be a Jenkins job name such as deploy-web, or folder/job such as team/deploy-web (letters, digits, '_', '-', '.', '+'; '/' only between folder names)",
  )
  .describe("Jenkins job, e.g. deploy-web; a job in folders as team/apps/deploy-web");

export const parameterName = z
  .string()
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must be a Jenkins parameter name such as ENV or DEPLOY_VERSION")
  .describe("Build parameter name");

// Control characters other than tab and newline have no business in a build parameter.
export const parameterValue = z.union([
  z
    .string()
    .max(4096)
    .refine(
      (value) =>
        ![...value].some(
          (c) => c !== "\t" && c !== "\n" && ((c.codePointAt(0) ?? 0) < 0x20 || c === "\u007f"),
        ),
      "must not contain control characters",
    ),
  z.boolean(),
]);

export const buildNumber = z.number().int().min(1).max(2_147_483_647).describe("Build number, e.g. 42");
export const queueId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe("Jenkins queue item id");

/** `/job/team/job/deploy-web` for `team/deploy-web`. */
export function jobPath(job: string): string {
  return job
    .split("/")
    .map((name) => `/job/${encodeURIComponent(name)}`)
    .join("");
}
