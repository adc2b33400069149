// jenkins_log: a build's console log, read progressively: from byte `start`, at most `maxBytes`;
// `nextStart` is where to continue and `more` says whether there is (or will be) more.
import { z } from "zod";
import { defineTool } from "../registry.ts";
import { requireJenkins } from "./backend.ts";
import { jenkinsFailure } from "./errors.ts";
import { buildNumber, jobName, jobPath } from "./names.ts";

const defaultBytes = 64 * 1024;
const maxBytes = 1024 * 1024;

export const logTool = defineTool({
  name: "jenkins_log",
  title: "Read a Jenkins build's log",
  description:
    "Reads a build's console log from byte offset `start` (0 = the beginning), at most `maxBytes` bytes " +
    `(default ${defaultBytes}, max ${maxBytes}). Returns the text, \`nextStart\` (pass it as \`start\` to continue) and ` +
    "`more` (true while the build is still writing or when the answer was cut at maxBytes). Poll with nextStart to " +
    "follow a running build.",
  family: "jenkins",
  input: z.object({
    job: jobName,
    build: buildNumber,
    start: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe("Byte offset to read from; nextStart of the previous call"),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(maxBytes)
      .default(defaultBytes)
      .describe("Most bytes of log to return"),
  }),
  output: z.object({
    job: z.string(),
    build: z.number().int(),
    text: z.string(),
    start: z.number().int(),
    nextStart: z.number().int(),
    more: z.boolean(),
    truncated: z.boolean().describe("The answer was cut at maxBytes; continue from nextStart"),
    size: z.number().int().nullable().describe("The log's size in bytes so far, as Jenkins reports it"),
  }),
  annotations: { readOnlyHint: true, openWorldHint: true },
  targets: () => [],
  async handler(args, { jenkins, signal }) {
    const client = requireJenkins(jenkins, "jenkins_log");
    const response = await client.request(`${jobPath(args.job)}/${args.build}/logText/progressiveText`, {
      query: { start: args.start },
      signal,
      maxBytes: args.maxBytes,
    });
    if (response.status !== 200) {
      throw jenkinsFailure(client, response, {
        action: `read the log of build #${args.build} of job "${args.job}"`,
        notFound: `Build #${args.build} of job "${args.job}" does not exist on Jenkins at ${client.url} (or the job does not).`,
        notFoundHint: "List its builds with jenkins_builds.",
      });
    }
    const sizeHeader = response.headers.get("x-text-size");
    const size = sizeHeader !== null && /^\d+$/.test(sizeHeader) ? Number(sizeHeader) : null;
    const returned = Buffer.byteLength(response.text);
    const nextStart = args.start + returned;
    const building = response.headers.get("x-more-data") === "true";
    const truncated = response.cut;
    const more = building || truncated || (size !== null && nextStart < size);
    const state = building ? "the build is still running" : truncated ? "cut at maxBytes" : "end of log";
    return {
      summary: `${returned} bytes of the log of build #${args.build} of job "${args.job}" from byte ${args.start} (${state}; next start ${nextStart}).`,
      data: {
        job: args.job,
        build: args.build,
        text: response.text,
        start: args.start,
        nextStart,
        more,
        truncated,
        size,
      },
    };
  },
});
