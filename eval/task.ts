// A planning task: a request, the cluster it is asked against, and what a right plan contains.
// Tasks are YAML files in eval/tasks/; expectations are structural (tools, targets, arguments,
// intents, order where it matters), never the wording of reasons.
import { readdir, readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";

const ObjectSchema = z.looseObject({ apiVersion: z.string(), kind: z.string() });

export const ExpectedCallSchema = z.strictObject({
  tool: z.string().optional(),
  check: z.string().optional(),
  /** Every key here must equal the plan's value (the plan may hold more keys: defaults). */
  args: z.record(z.string(), z.unknown()).default({}),
});

export const TaskSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  request: z.string().min(1),
  /** A cluster file in eval/clusters/ (without .yaml). */
  cluster: z.string().default("shop"),
  /** Objects added to that cluster. */
  seed: z.array(ObjectSchema).default([]),
  /** Real tool calls that set the cluster up after seeding (e.g. a second revision to roll back to). */
  setup: z.array(z.strictObject({ tool: z.string(), args: z.record(z.string(), z.unknown()) })).default([]),
  /** Files on the repository's default branch (for apply). */
  files: z.record(z.string(), z.string()).default({}),
  /** The effective policy (server narrowed by repository); default: everything. */
  policy: z
    .strictObject({
      allowNamespaces: z.array(z.string()).optional(),
      denyNamespaces: z.array(z.string()).optional(),
      allowTools: z.array(z.string()).optional(),
      denyTools: z.array(z.string()).optional(),
    })
    .default({}),
  expect: z.strictObject({
    /** false: the right outcome is no plan (cannot be planned, nothing to change, not allowed). */
    plan: z.boolean().default(true),
    steps: z.array(ExpectedCallSchema).default([]),
    /** Whether the steps must come in this order. */
    ordered: z.boolean().default(false),
    verify: z.array(ExpectedCallSchema).default([]),
  }),
  notes: z.string().optional(),
});

export type Task = z.output<typeof TaskSchema>;
export type ExpectedCall = z.output<typeof ExpectedCallSchema>;

export const EVAL_DIR = new URL("./", import.meta.url);

export async function loadTasks(only?: string): Promise<Task[]> {
  const dir = new URL("tasks/", EVAL_DIR);
  const names = (await readdir(dir)).filter((name) => name.endsWith(".yaml")).sort();
  const tasks: Task[] = [];
  for (const name of names) {
    const parsed = TaskSchema.safeParse(parse(await readFile(new URL(name, dir), "utf8")));
    if (!parsed.success) {
      throw new Error(
        `eval/tasks/${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    if (`${parsed.data.id}.yaml` !== name)
      throw new Error(`eval/tasks/${name}: id must be the file name, got "${parsed.data.id}"`);
    if (only === undefined || parsed.data.id === only) tasks.push(parsed.data);
  }
  return tasks;
}

export async function loadCluster(name: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(new URL(`clusters/${name}.yaml`, EVAL_DIR), "utf8");
  return z.array(ObjectSchema).parse(parse(text)) as Record<string, unknown>[];
}
