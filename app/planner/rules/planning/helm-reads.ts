// What Helm planning reads from the cluster, through the read-only Helm tools: a release's history
// (helm_history) and its objects (helm_status); when the release cannot be read, which releases do
// exist in the namespace (helm_list), to say so.
import type { ToolCaller } from "../../../tool-caller.ts";

export type Read<T> = { ok: true; value: T } | { ok: false; reply: string };

export interface ReleaseRevisionInfo {
  revision: number;
  status: string;
  chart: string;
}

export interface ReleaseHistory {
  /** The newest revision whose status is deployed, if any. */
  currentRevision: number | undefined;
  latest: ReleaseRevisionInfo;
  /** Newest first. */
  revisions: ReleaseRevisionInfo[];
  truncated: boolean;
}

const MAX_HISTORY = 256;
const NAMES_SHOWN = 30;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function subject(release: string, namespace: string): string {
  return `Helm release "${release}" in namespace "${namespace}"`;
}

/** Why a release could not be read: it does not exist (and which do), or the tool's own error. */
async function explainUnreadable(
  tools: ToolCaller,
  release: string,
  namespace: string,
  error: string,
): Promise<string> {
  if (!error.includes("does not exist")) return `Could not read ${subject(release, namespace)}: ${error}`;
  const listed = await tools.call("helm_list", { namespace, limit: 500 });
  const names =
    listed.ok && Array.isArray(listed.data.releases)
      ? listed.data.releases
          .filter(isRecord)
          .map((r) => String(r.name))
          .sort()
      : undefined;
  const missing = `${subject(release, namespace)} does not exist.`;
  if (names === undefined) return missing;
  if (names.length === 0) return `${missing} There are no Helm releases in namespace "${namespace}".`;
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  const more = names.length > NAMES_SHOWN ? ` … and ${names.length - NAMES_SHOWN} more` : "";
  return `${missing} Helm releases in namespace "${namespace}": ${shown}${more}.`;
}

export async function readReleaseHistory(
  tools: ToolCaller,
  release: string,
  namespace: string,
): Promise<Read<ReleaseHistory>> {
  const result = await tools.call("helm_history", { namespace, release, limit: MAX_HISTORY });
  if (!result.ok)
    return { ok: false, reply: await explainUnreadable(tools, release, namespace, result.error) };
  const revisions = (Array.isArray(result.data.revisions) ? result.data.revisions : [])
    .filter(isRecord)
    .map((r) => ({
      revision: Number(r.revision),
      status: String(r.status ?? "unknown"),
      chart: String(r.chart ?? ""),
    }));
  const latest = revisions[0];
  if (!latest) return { ok: false, reply: `${subject(release, namespace)} has no revisions.` };
  const current = result.data.currentRevision;
  return {
    ok: true,
    value: {
      currentRevision: typeof current === "number" ? current : undefined,
      latest,
      revisions,
      truncated: result.data.truncated === true,
    },
  };
}

/** kind/namespace/name of each object of the release's newest revision (helm_status). */
export async function readReleaseObjects(
  tools: ToolCaller,
  release: string,
  namespace: string,
): Promise<Read<string[]>> {
  const result = await tools.call("helm_status", { namespace, release });
  if (!result.ok)
    return { ok: false, reply: await explainUnreadable(tools, release, namespace, result.error) };
  return { ok: true, value: (Array.isArray(result.data.objects) ? result.data.objects : []).map(String) };
}

/** A refusal when the newest revision is still being changed by another helm operation. */
export function pendingOperation(
  history: ReleaseHistory,
  release: string,
  namespace: string,
): string | undefined {
  const { latest } = history;
  if (!latest.status.startsWith("pending-")) return undefined;
  return `${subject(release, namespace)} is in the middle of another operation: its newest revision ${latest.revision} is ${latest.status}. Wait until it finishes (check it with helm_status), then ask again.`;
}
