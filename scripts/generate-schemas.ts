// Writes the JSON Schemas in schemas/ from the zod schemas (for editors and the Action's
// `validate`); with --check, fails when a committed file is stale. `npm run schema[:check]`.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { RepoConfigSchema } from "../app/config/repo-config.ts";
import { PlanSchema, RunRecordSchema } from "../app/plan/index.ts";

export interface GeneratedSchema {
  /** Path relative to the repository root. */
  file: string;
  schema: z.ZodType;
  /** An absolute URI naming the schema. A URN: the project has no published home for them yet. */
  id: string;
  title: string;
}

/** Every generated schema. Add new ones (e.g. the repository config) here. */
export const GENERATED_SCHEMAS: readonly GeneratedSchema[] = [
  {
    file: "schemas/plan.schema.json",
    schema: PlanSchema,
    id: "urn:skyflo:schema:plan:v1",
    title: "Skyflo plan (.skyflo/plans/<id>.yaml)",
  },
  {
    file: "schemas/run-record.schema.json",
    schema: RunRecordSchema,
    id: "urn:skyflo:schema:run-record:v1",
    title: "Skyflo run record (.skyflo/runs/<id>.json)",
  },
  {
    file: "schemas/repo-config.schema.json",
    schema: RepoConfigSchema,
    id: "urn:skyflo:schema:repo-config:v1",
    title: "Skyflo repository config (.github/skyflo.yml)",
  },
];

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

const FIX_COMMAND = "npm run schema";

/** The file's content: JSON Schema 2020-12 of what a person may write (defaults optional). */
export function renderSchema(entry: GeneratedSchema): string {
  const { $schema, ...rest } = z.toJSONSchema(entry.schema, { io: "input", target: "draft-2020-12" });
  const document = { $schema, $id: entry.id, title: entry.title, ...rest };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export interface StaleSchema {
  file: string;
  reason: "missing" | "outdated";
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Committed schema files that differ from what the zod schemas generate. */
export function findStaleSchemas(
  root: string = REPO_ROOT,
  entries: readonly GeneratedSchema[] = GENERATED_SCHEMAS,
): StaleSchema[] {
  const stale: StaleSchema[] = [];
  for (const entry of entries) {
    const committed = readIfExists(join(root, entry.file));
    if (committed === undefined) stale.push({ file: entry.file, reason: "missing" });
    else if (committed !== renderSchema(entry)) stale.push({ file: entry.file, reason: "outdated" });
  }
  return stale;
}

export function describeStaleSchema(stale: StaleSchema): string {
  const what = stale.reason === "missing" ? "is missing" : "is out of date with the zod schemas";
  return `${stale.file} ${what}; run \`${FIX_COMMAND}\` and commit the result`;
}

/** Writes every schema file; returns the files written. */
export function writeSchemas(
  root: string = REPO_ROOT,
  entries: readonly GeneratedSchema[] = GENERATED_SCHEMAS,
) {
  for (const entry of entries) {
    const path = join(root, entry.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderSchema(entry));
  }
  return entries.map((e) => e.file);
}

export interface CliIo {
  root?: string;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

/** The command line: no flags writes the files, --check only compares. Returns the exit code. */
export function main(argv: readonly string[], io: CliIo = {}): number {
  const { root = REPO_ROOT, log = console.log, error = console.error } = io;
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    error(`unknown argument ${unknown.join(" ")}; usage: generate-schemas.ts [--check]`);
    return 2;
  }
  if (argv.includes("--check")) {
    const stale = findStaleSchemas(root);
    for (const s of stale) error(describeStaleSchema(s));
    if (stale.length === 0) log(`${GENERATED_SCHEMAS.length} JSON Schemas are up to date`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const file of writeSchemas(root)) log(`wrote ${file}`);
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
