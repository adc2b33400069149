// Output shapes shared by the Jenkins tools.
import { z } from "zod";
import { parameterName, parameterValue } from "./names.ts";

export const parameterDefinitionSchema = z.object({
  name: z.string(),
  type: z.enum(["string", "text", "choice", "boolean", "password", "other"]),
  jenkinsType: z.string(),
  description: z.string(),
  default: z.union([z.string(), z.boolean()]).optional(),
  choices: z.array(z.string()).optional(),
});

export const buildSummarySchema = z.object({
  number: z.number().int(),
  result: z
    .string()
    .nullable()
    .describe("SUCCESS, FAILURE, UNSTABLE, ABORTED, NOT_BUILT; null while building"),
  building: z.boolean(),
  durationMs: z.number(),
  startedAt: z.string().nullable(),
  queueId: z.number().int().nullable().describe("The queue item the build came from"),
});

export const buildInfoSchema = buildSummarySchema.extend({
  job: z.string(),
  url: z.string(),
  parameters: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.boolean()]).nullable() })),
  causes: z.array(z.string()),
  changeSets: z.array(
    z.object({ commitId: z.string(), message: z.string(), author: z.string(), paths: z.array(z.string()) }),
  ),
});

export const parametersInput = z
  .record(z.string().max(128), parameterValue)
  // Checked here rather than as the record's key schema, whose error does not say what is wrong.
  .superRefine((parameters, context) => {
    for (const name of Object.keys(parameters)) {
      const checked = parameterName.safeParse(name);
      if (!checked.success) {
        context.addIssue({
          code: "custom",
          path: [name],
          message: `${JSON.stringify(name)} ${checked.error.issues[0]?.message ?? "is not a parameter name"}`,
        });
      }
    }
  })
  .default({})
  .describe('Build parameters by name, e.g. {"ENV": "prod"}; parameters left out get the job\'s default');
