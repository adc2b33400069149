// Helm requests: "upgrade release <name> with chart <path> [version <v>] [set <key>=<value>]…",
// "rollback release <name> [to [revision] <n>]", "uninstall release <name>"; the namespace clause
// is taken out before (parse-request.ts). Names, charts, versions and set pairs are checked with
// the Helm tools' own schemas, so nothing a request says reaches helm unchecked.
import {
  chartReferenceProblem,
  chartVersion,
  releaseName,
  setPairs,
} from "../../../../tools/helm/helm-inputs.ts";
import { expectEnd, requireNamespace } from "./common.ts";
import { fail, type GrammarResult, type ParsedRequest, success } from "./parsed-request.ts";
import type { TokenCursor } from "./token-cursor.ts";
import { checkWholeNumber } from "./values.ts";

export type HelmSetValue = string | number | boolean;

export type HelmRequest =
  | {
      action: "helm-upgrade";
      release: string;
      namespace: string;
      chart: string;
      version: string | undefined;
      set: Record<string, HelmSetValue>;
    }
  | { action: "helm-rollback"; release: string; namespace: string; toRevision: number | undefined }
  | { action: "helm-uninstall"; release: string; namespace: string };

function describeUpgrade(
  release: string,
  where: string,
  chart: string,
  version: string | undefined,
  set: object,
): string {
  const keys = Object.keys(set);
  const setting = keys.length > 0 ? ` setting ${keys.join(", ")}` : "";
  return `a request to upgrade Helm release "${release}"${where} with chart ${chart}${version ? ` version ${version}` : ""}${setting}`;
}

/** The request in words, for replies: `a request to upgrade Helm release "shop" in namespace "shop" …`. */
export function describeHelmRequest(request: HelmRequest): string {
  const where = ` in namespace "${request.namespace}"`;
  switch (request.action) {
    case "helm-upgrade":
      return describeUpgrade(request.release, where, request.chart, request.version, request.set);
    case "helm-rollback": {
      const to =
        request.toRevision === undefined ? "its previous revision" : `revision ${request.toRevision}`;
      return `a request to roll back Helm release "${request.release}"${where} to ${to}`;
    }
    case "helm-uninstall":
      return `a request to uninstall Helm release "${request.release}"${where}`;
  }
}

/** Whether the words after a verb name a Helm release ("release shop", "helm release shop"). */
export function namesHelmRelease(cursor: TokenCursor): boolean {
  const first = cursor.peek()?.lower;
  return first === "release" || (first === "helm" && cursor.peek(1)?.lower === "release");
}

function readRelease(cursor: TokenCursor, understood: string): GrammarResult<string> {
  cursor.accept("helm");
  cursor.accept("release");
  const written = cursor.next()?.text;
  if (written === undefined) return fail(understood, 'the release name is missing, e.g. "release shop"');
  const checked = releaseName.safeParse(written);
  if (!checked.success) {
    const flag = written.startsWith("-") ? " (it looks like a command-line flag)" : "";
    return fail(
      understood,
      `${JSON.stringify(written)} is not a valid Helm release name${flag}: it ${checked.error.issues[0]?.message}`,
    );
  }
  return success(checked.data);
}

/** "image.tag=1.28": digits become a number and true/false a boolean, as helm --set reads them. */
function readSetPair(written: string | undefined, understood: string): GrammarResult<[string, HelmSetValue]> {
  const at = written?.indexOf("=") ?? -1;
  if (written === undefined || at <= 0) {
    return fail(understood, 'a value to set must be written as key=value, e.g. "set image.tag=1.28"');
  }
  const key = written.slice(0, at);
  const text = written.slice(at + 1);
  const value: HelmSetValue =
    text === "true"
      ? true
      : text === "false"
        ? false
        : /^(0|[1-9][0-9]{0,14})$/.test(text)
          ? Number(text)
          : text;
  const checked = setPairs.safeParse({ [key]: value });
  if (!checked.success) {
    return fail(understood, `"${written}" cannot be set: ${checked.error.issues[0]?.message}`);
  }
  return success([key, value]);
}

function parseUpgrade(cursor: TokenCursor, namespace: string | undefined): GrammarResult<ParsedRequest> {
  const release = readRelease(cursor, "a request to upgrade a Helm release");
  if (!release.ok) return release;
  const understood = `a request to upgrade Helm release "${release.value}"`;
  cursor.accept("with", "using", "to");
  if (!cursor.accept("chart", "--chart")) {
    return fail(understood, 'the chart is missing: write "with chart <path>", e.g. "with chart charts/shop"');
  }
  const chart = cursor.next()?.text;
  if (chart === undefined) return fail(understood, 'the chart path is missing after "chart"');
  const problem = chartReferenceProblem(chart);
  if (problem) return fail(understood, `the chart ${JSON.stringify(chart)} ${problem}`);
  let version: string | undefined;
  const set: Record<string, HelmSetValue> = {};
  while (!cursor.atEnd()) {
    const word = cursor.next();
    const lower = word?.lower ?? "";
    if (lower === "version" || lower === "--version" || lower.startsWith("--version=")) {
      const written = lower.startsWith("--version=")
        ? word?.text.slice("--version=".length)
        : cursor.next()?.text;
      const checked = chartVersion.safeParse(written ?? "");
      if (!checked.success) {
        return fail(
          understood,
          `${JSON.stringify(written ?? "")} is not a chart version: it ${checked.error.issues[0]?.message}`,
        );
      }
      version = checked.data;
    } else if (lower === "set" || lower === "--set" || lower.startsWith("--set=")) {
      const written = lower.startsWith("--set=") ? word?.text.slice("--set=".length) : cursor.next()?.text;
      const pair = readSetPair(written, understood);
      if (!pair.ok) return pair;
      set[pair.value[0]] = pair.value[1];
    } else if (lower !== "and" && lower !== ",") {
      const leftover = [word?.text, cursor.remaining()].filter((text) => text).join(" ");
      return fail(understood, `these words do not fit the command: "${leftover}"`);
    }
  }
  const full = describeUpgrade(release.value, "", chart, version, set);
  const ns = requireNamespace(namespace, full);
  if (!ns.ok) return ns;
  return success({
    action: "helm-upgrade",
    release: release.value,
    namespace: ns.value,
    chart,
    version,
    set,
  });
}

function readRevision(cursor: TokenCursor, understood: string): GrammarResult<number | undefined> {
  const token = cursor.peek();
  let written: string | undefined;
  if (token === undefined) return success(undefined);
  if (token.lower === "to") {
    cursor.next();
    cursor.accept("revision", "rev");
    written = cursor.next()?.text;
  } else if (token.lower === "revision" || token.lower === "rev") {
    cursor.next();
    written = cursor.next()?.text;
  } else {
    return success(undefined);
  }
  if (written === undefined) return fail(understood, 'the revision number is missing, e.g. "to revision 2"');
  const revision = checkWholeNumber(written, "a revision");
  if (!revision.ok) return fail(understood, revision.problem);
  if (revision.value < 1) return fail(understood, "Helm revisions are numbered from 1");
  return success(revision.value);
}

function parseRollback(cursor: TokenCursor, namespace: string | undefined): GrammarResult<ParsedRequest> {
  const release = readRelease(cursor, "a request to roll back a Helm release");
  if (!release.ok) return release;
  const understood = `a request to roll back Helm release "${release.value}"`;
  const toRevision = readRevision(cursor, understood);
  if (!toRevision.ok) return toRevision;
  const full = toRevision.value === undefined ? understood : `${understood} to revision ${toRevision.value}`;
  const end = expectEnd(cursor, full);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, full);
  if (!ns.ok) return ns;
  return success({
    action: "helm-rollback",
    release: release.value,
    namespace: ns.value,
    toRevision: toRevision.value,
  });
}

function parseUninstall(cursor: TokenCursor, namespace: string | undefined): GrammarResult<ParsedRequest> {
  const release = readRelease(cursor, "a request to uninstall a Helm release");
  if (!release.ok) return release;
  const understood = `a request to uninstall Helm release "${release.value}"`;
  const end = expectEnd(cursor, understood);
  if (!end.ok) return end;
  const ns = requireNamespace(namespace, understood);
  if (!ns.ok) return ns;
  return success({ action: "helm-uninstall", release: release.value, namespace: ns.value });
}

export {
  parseRollback as parseHelmRollback,
  parseUninstall as parseHelmUninstall,
  parseUpgrade as parseHelmUpgrade,
};
