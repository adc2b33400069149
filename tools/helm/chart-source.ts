// Turns a validated chart reference into helm arguments. A repository path is resolved under the
// backend's charts root and must stay inside it (symlinks included); an oci:// or https://
// reference is passed on with its exact --version.
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { ToolError } from "../shared/tool-error.ts";
import type { HelmBackend } from "./backend.ts";

export interface ChartSource {
  /** The chart arguments for helm: the chart, then --version when one applies. */
  args: string[];
  /** Chart version when known before running helm (local charts). */
  version: string | undefined;
}

function isRemote(reference: string): boolean {
  return /^(oci|https):\/\//i.test(reference);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function localChart(
  root: string,
  reference: string,
  version: string | undefined,
): Promise<ChartSource> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new ToolError(
      `The charts directory "${root}" does not exist on the tool server.`,
      "Set the Helm backend's chartsRoot to the directory that holds the repository's charts.",
    );
  }
  const resolved = path.resolve(realRoot, reference);
  if (!(await exists(resolved))) {
    throw new ToolError(
      `There is no chart at "${reference}" under the charts directory.`,
      "Check the path: it is relative to the repository root, e.g. charts/shop.",
    );
  }
  const real = await realpath(resolved);
  if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
    throw new ToolError(
      `The chart path "${reference}" leads outside the charts directory (through a symbolic link).`,
    );
  }
  const info = await stat(real);
  if (info.isFile()) {
    if (!real.endsWith(".tgz")) {
      throw new ToolError(
        `"${reference}" is a file but not a packaged chart (.tgz).`,
        "Name the chart's directory.",
      );
    }
    return { args: [real], version: undefined };
  }
  const chartFile = path.join(real, "Chart.yaml");
  let chartYaml: string;
  try {
    chartYaml = await readFile(chartFile, "utf8");
  } catch {
    throw new ToolError(
      `"${reference}" is a directory without a Chart.yaml, so it is not a Helm chart.`,
      "Name the chart's own directory (the one holding Chart.yaml).",
    );
  }
  const metadata = parse(chartYaml) as { version?: unknown } | null;
  const chartVersion = metadata?.version === undefined ? undefined : String(metadata.version);
  if (version !== undefined && chartVersion !== version.replace(/^v/, "")) {
    throw new ToolError(
      `The chart at "${reference}" is version ${chartVersion ?? "(none)"}, not ${version}.`,
      "A local chart installs the version it has; leave out the version or change it to match Chart.yaml.",
    );
  }
  return { args: [real], version: chartVersion };
}

export async function resolveChart(
  backend: HelmBackend,
  reference: string,
  version: string | undefined,
): Promise<ChartSource> {
  if (isRemote(reference)) {
    return { args: version === undefined ? [reference] : [reference, "--version", version], version };
  }
  return localChart(backend.chartsRoot ?? process.cwd(), reference, version);
}
