// Argument schemas shared by the Helm tools. Everything that reaches helm's argv or a values file is
// validated here, so no argument can become a flag, a path outside the charts root or a value that
// --set would split into several assignments.
import { z } from "zod";

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Helm's own rule for release names: a DNS-1123 subdomain of at most 53 characters. */
export const releaseName = z
  .string()
  .max(53, "must be at most 53 characters (Helm's limit for release names)")
  .regex(
    dns1123Subdomain,
    "must be a Helm release name: lower-case letters, digits, '-' and '.', starting and ending alphanumeric",
  )
  .describe("Helm release name");

export const maxChartReferenceChars = 512;
const remoteChart = /^(oci|https):\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~\-/:@+]*)?$/;
const pathSegment = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Why a chart reference is refused, or undefined when it is acceptable. */
export function chartReferenceProblem(reference: string): string | undefined {
  if (reference.length === 0) return "is empty";
  if (reference.length > maxChartReferenceChars) return `is longer than ${maxChartReferenceChars} characters`;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(reference)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme !== "oci" && scheme !== "https") {
      return `uses ${scheme}://; only oci:// and https:// references (or a repository path) are allowed`;
    }
    if (
      reference
        .slice(scheme.length + 3)
        .split("/")[0]
        ?.includes("@")
    ) {
      return "carries credentials in the URL; configure registry credentials on the server instead";
    }
    if (!remoteChart.test(reference)) {
      return "is not a valid oci:// or https:// chart reference (no spaces, query strings or fragments)";
    }
    return undefined;
  }
  if (reference.startsWith("/")) return 'must be relative to the charts directory (no leading "/")';
  for (const segment of reference.split("/")) {
    if (segment === "") return 'has an empty path part ("//" or a trailing "/")';
    if (segment === "." || segment === "..") return 'may not contain "." or ".." parts';
    if (!pathSegment.test(segment)) {
      return `has the path part "${segment}": use letters, digits, ".", "_" and "-", not starting with "-" or "."`;
    }
  }
  return undefined;
}

export const chartReference = z
  .string()
  .superRefine((value, context) => {
    const problem = chartReferenceProblem(value);
    if (problem) context.addIssue({ code: "custom", message: `the chart reference ${problem}` });
  })
  .describe(
    "The chart: a path relative to the server's charts directory (e.g. charts/shop, a chart directory or a .tgz), or an oci:// or https:// reference",
  );

/** An exact chart version: a plan must install what was previewed, so ranges are not accepted. */
export const chartVersion = z
  .string()
  .max(64)
  .regex(
    /^v?[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/,
    "must be an exact chart version such as 1.2.3 (ranges are not accepted: a plan must install what was previewed)",
  )
  .describe(
    "Exact chart version, e.g. 1.2.3. For a local chart it must equal the version in its Chart.yaml.",
  );

const maxValuesBytes = 256 * 1024;

export const helmValues = z
  .record(z.string(), z.unknown())
  .refine((values) => Buffer.byteLength(JSON.stringify(values)) <= maxValuesBytes, {
    message: `values must be at most ${maxValuesBytes / 1024} KiB of JSON`,
  })
  .default({})
  .describe(
    "Values for the chart as a JSON object (like a values.yaml file); deep-merged over the chart's defaults",
  );

const setKeyPattern = /^[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_][A-Za-z0-9_-]*)*$/;
// Path parts that would reach an object's prototype instead of a value.
const reservedKeys = new Set(["__proto__", "constructor", "prototype"]);

const setValue = z.union([
  z
    .string()
    .max(4096)
    .refine((value) => !/[\r\n]/.test(value), { message: "must be a single line (no newlines)" }),
  z.number(),
  z.boolean(),
  z.null(),
]);

export const maxSetPairs = 100;

export const setPairs = z
  .record(z.string(), setValue)
  // Keys are checked here rather than by the record's key schema: zod reports a bad record key
  // only as "Invalid key in record", and the caller deserves to hear the rule.
  .superRefine((pairs, context) => {
    const keys = Object.keys(pairs);
    if (keys.length > maxSetPairs) {
      context.addIssue({ code: "custom", message: `at most ${maxSetPairs} set pairs are allowed` });
    }
    for (const key of keys) {
      if (
        key.length > 253 ||
        !setKeyPattern.test(key) ||
        key.split(".").some((part) => reservedKeys.has(part))
      ) {
        context.addIssue({
          code: "custom",
          path: [key],
          message: `"${key.slice(0, 80)}" must be a dotted values path such as image.tag (letters, digits, '_' and '-' between dots; not __proto__, constructor or prototype)`,
        });
      }
    }
  })
  .default({})
  .describe(
    'Single values by dotted path, like helm --set: {"image.tag": "1.28", "replicaCount": 3}. Applied over `values`. Types are kept as given: a JSON string stays a string (helm --set would turn "3" into a number).',
  );

export const helmTimeoutSeconds = z
  .number()
  .int()
  .min(1)
  .max(3600)
  .default(300)
  .describe(
    "helm's --timeout in seconds (waiting for resources and hooks). The tool call's own deadline still applies and stops helm when it passes.",
  );

export const waitInput = z
  .boolean()
  .default(false)
  .describe("Wait until the release's resources are ready (helm --wait) before the call returns");
