// What the mutating Helm tools share: their common arguments, the values file handed to helm,
// reading helm's `-o json` answer, and the result shape (the shared mutation output plus the
// release, its revisions and status).
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { KubeClients } from "../kubernetes/client.ts";
import { mutationOutput } from "../kubernetes/mutation.ts";
import { ToolError } from "../shared/tool-error.ts";
import { helmWorkspace } from "./helm-workspace.ts";
import type { HelmRelease } from "./release-codec.ts";
import { sensitiveStrings } from "./sensitive-values.ts";

export const helmChangeOutput = mutationOutput.extend({
  release: z.string(),
  namespace: z.string(),
  revision: z
    .number()
    .int()
    .optional()
    .describe("The revision this change creates (in a dry run: would create); absent for uninstall"),
  previousRevision: z.number().int().optional().describe("The release's newest revision before the change"),
  status: z.string().describe("The release's status after the change (dry run: what helm reported)"),
  chart: z.string().optional().describe("chart name-version after the change"),
});

export type HelmChangeOutput = z.infer<typeof helmChangeOutput>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// An own property even for "__proto__", so no path can reach a prototype.
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `values` with every `set` pair placed at its dotted path (as --set applies over -f). */
export function combineValues(
  values: Record<string, unknown>,
  set: Record<string, unknown>,
): Record<string, unknown> {
  const combined: Record<string, unknown> = structuredClone(values);
  for (const [path, value] of Object.entries(set)) {
    const keys = path.split(".");
    const last = keys.pop() as string;
    let node = combined;
    for (const key of keys) {
      if (!Object.hasOwn(node, key) || !isRecord(node[key])) define(node, key, {});
      node = node[key] as Record<string, unknown>;
    }
    define(node, last, value);
  }
  return combined;
}

/**
 * Writes the values helm should use to a private file (mode 0600) and returns helm's `--values`
 * arguments plus a cleanup. Values go through a file, never --set, so no value can be re-parsed by
 * helm's --set syntax (commas, brackets) into other assignments.
 */
export async function valuesArguments(
  kube: KubeClients,
  values: Record<string, unknown>,
): Promise<{ args: string[]; cleanup(): Promise<void> }> {
  if (Object.keys(values).length === 0) return { args: [], cleanup: async () => {} };
  const workspace = await helmWorkspace(kube);
  const file = join(workspace.dir, `values-${randomBytes(8).toString("hex")}.json`);
  await writeFile(file, JSON.stringify(values), { mode: 0o600 });
  return { args: ["--values", file], cleanup: () => rm(file, { force: true }) };
}

/** Strings helm's messages must not show: the sensitive values the caller sent. */
export function secretsOf(values: Record<string, unknown>): string[] {
  return sensitiveStrings(values);
}

export interface HelmAnswer {
  revision: number | undefined;
  status: string;
  manifest: string;
  chart: string | undefined;
}

/** The parts of helm's `-o json` release that a result uses (values and templates are dropped). */
export function parseHelmAnswer(stdout: string, what: string): HelmAnswer {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new ToolError(`Cannot ${what}: helm's answer was not the JSON release it should print.`);
  }
  const record = isRecord(raw) ? raw : {};
  const info = isRecord(record.info) ? record.info : {};
  const chart = isRecord(record.chart) && isRecord(record.chart.metadata) ? record.chart.metadata : {};
  return {
    revision: typeof record.version === "number" ? record.version : undefined,
    status: typeof info.status === "string" ? info.status : "unknown",
    manifest: typeof record.manifest === "string" ? record.manifest : "",
    chart:
      typeof chart.name === "string"
        ? `${chart.name}${typeof chart.version === "string" ? `-${chart.version}` : ""}`
        : undefined,
  };
}

/** The revision a change is compared with: the newest deployed one, else the newest. */
export function baselineOf(history: HelmRelease[]): HelmRelease | undefined {
  return history.find((release) => release.status === "deployed") ?? history[0];
}

export function timeoutArguments(timeoutSeconds: number, wait: boolean): string[] {
  return ["--timeout", `${timeoutSeconds}s`, ...(wait ? ["--wait=watcher"] : [])];
}

/** "2 objects change (Deployment/shop/web, Secret/shop/creds)"; `verb` for one and for several. */
export function describeChanges(
  objects: Array<{ key: string; changed: boolean }>,
  verb: { one: string; many: string } = { one: "changes", many: "change" },
): string {
  const changed = objects.filter((o) => o.changed).map((o) => o.key);
  if (changed.length === 0) return `no object ${verb.one}`;
  const shown = changed.slice(0, 5).join(", ");
  const more = changed.length > 5 ? ` and ${changed.length - 5} more` : "";
  return `${changed.length} object${changed.length === 1 ? "" : "s"} ${changed.length === 1 ? verb.one : verb.many} (${shown}${more})`;
}
