// helm_get_values: the values a user supplied for a release (or, with all: true, those merged over
// the chart's defaults), with credentials masked by the rule in sensitive-values.ts.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { describeRelease, releaseReference, releaseTargets, revisionNumber } from "./read-inputs.ts";
import { readLatestRelease, readReleaseRevision } from "./release-store.ts";
import { maskSensitiveValues } from "./sensitive-values.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** User values over chart defaults, as helm coalesces them: maps merge, a null removes the key. */
export function coalesceValues(
  defaults: Record<string, unknown>,
  user: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) delete merged[key];
    else if (isRecord(value) && isRecord(merged[key])) merged[key] = coalesceValues(merged[key], value);
    else merged[key] = value;
  }
  return merged;
}

export const helmGetValuesTool = defineTool({
  name: "helm_get_values",
  title: "Show a Helm release's values",
  description:
    "Shows the values of a Helm release like `helm get values`: by default only the values a user supplied; with " +
    "all: true the computed values (user values merged over the chart's defaults). Newest revision unless " +
    "`revision` is given. Values under keys that look like credentials (any word of the key or a parent key is " +
    "password, secret, token, key, auth, credential, cert, …) are masked as <redacted: N bytes>. No helm binary needed.",
  family: "helm",
  input: z.object({
    ...releaseReference,
    revision: revisionNumber.optional(),
    all: z
      .boolean()
      .default(false)
      .describe("Return the computed values (chart defaults merged with user values)"),
  }),
  output: z.object({
    release: z.string(),
    namespace: z.string(),
    revision: z.number().int(),
    all: z.boolean(),
    values: z.record(z.string(), z.unknown()).describe("Values; credentials masked"),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  targets: releaseTargets,
  async handler(args, { kube, signal }) {
    const release =
      args.revision === undefined
        ? await readLatestRelease(kube, args.namespace, args.release, signal)
        : await readReleaseRevision(kube, args.namespace, args.release, args.revision, signal);
    const values = args.all ? coalesceValues(release.chartValues, release.config) : release.config;
    const count = Object.keys(values).length;
    const summary = `${args.all ? "Computed" : "User-supplied"} values of Helm ${describeRelease(args.release, args.namespace)} at revision ${release.revision}: ${count} top-level key${count === 1 ? "" : "s"}${count > 0 ? ` (${Object.keys(values).slice(0, 10).join(", ")})` : ""}; credentials masked.`;
    return {
      summary,
      data: {
        release: args.release,
        namespace: args.namespace,
        revision: release.revision,
        all: args.all,
        values: maskSensitiveValues(values),
      },
    };
  },
});
