import type { ParsedRequest, WorkloadKind } from "../grammar/parsed-request.ts";
import { dnsId } from "../plan-ids.ts";
import { rolloutComplete } from "../verify-intents.ts";
import { buildStep, type DraftContext, type Drafted, nothingToChange, refuse } from "./draft.ts";

type ApplyRequest = Extract<ParsedRequest, { action: "apply" }>;

// The manifests are written into the plan file (limit 256 KiB), so they must leave room for the rest.
export const MAX_APPLY_MANIFEST_BYTES = 192 * 1024;
const KEYS_IN_REASON = 20;
const ROLLOUT_KINDS = new Set<string>(["Deployment", "StatefulSet", "DaemonSet"]);

interface ChangedObject {
  key: string;
  kind: string;
  namespace: string | undefined;
  name: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The objects k8s_diff says would change; keys are `kind/namespace/name` or `kind/name`. */
function changedObjects(data: Record<string, unknown>): ChangedObject[] {
  const objects = Array.isArray(data.objects) ? data.objects.filter(isRecord) : [];
  return objects
    .filter((o) => o.changed === true && typeof o.key === "string")
    .map((o) => {
      const key = String(o.key);
      const parts = key.split("/");
      return parts.length === 3
        ? { key, kind: parts[0] ?? "", namespace: parts[1], name: parts[2] ?? "" }
        : { key, kind: parts[0] ?? "", namespace: undefined, name: parts[1] ?? "" };
    });
}

async function readManifest(
  context: DraftContext,
  path: string,
): Promise<{ ok: true; text: string } | { ok: false; reply: string }> {
  let text: string | undefined;
  try {
    text = await context.readRepoFile(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reply: `Could not read ${path} from the repository's default branch: ${message}` };
  }
  if (text === undefined) {
    return {
      ok: false,
      reply: `${path} does not exist on the repository's default branch. Manifests are read from the default branch only; merge the file first, or check the path.`,
    };
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_APPLY_MANIFEST_BYTES) {
    return {
      ok: false,
      reply: `${path} is ${Math.ceil(bytes / 1024)} KiB; a plan can carry at most ${MAX_APPLY_MANIFEST_BYTES / 1024} KiB of manifests. Split it into smaller files.`,
    };
  }
  return { ok: true, text };
}

export async function planApply(request: ApplyRequest, context: DraftContext): Promise<Drafted> {
  const { path, namespace, force } = request;
  const manifest = await readManifest(context, path);
  if (!manifest.ok) return manifest;
  const args: Record<string, unknown> = { manifests: manifest.text, force };
  if (namespace !== undefined) args.namespace = namespace;
  const diff = await context.tools.call("k8s_diff", args);
  if (!diff.ok) {
    // Hints in request words for the two errors people will meet most (matched on the tool's text).
    const hints: string[] = [];
    if (namespace === undefined && diff.error.includes("no namespace")) {
      hints.push('Its objects have no metadata.namespace: add "in <namespace>".');
    }
    if (!force && diff.error.includes("force: true")) {
      hints.push(
        `To take ownership of those fields (overriding the values others set), ask "apply ${path} --force-conflicts".`,
      );
    }
    return refuse([`Could not compare ${path} with the cluster: ${diff.error}`, ...hints].join(" "));
  }
  const changed = changedObjects(diff.data);
  if (changed.length === 0) return nothingToChange(`every object in ${path} already matches the cluster.`);
  const total = Array.isArray(diff.data.objects) ? diff.data.objects.length : changed.length;
  const keys = changed.slice(0, KEYS_IN_REASON).map((o) => o.key);
  const more = changed.length > KEYS_IN_REASON ? ` and ${changed.length - KEYS_IN_REASON} more` : "";
  const fileName = path.split("/").at(-1) ?? path;
  const step = buildStep(
    dnsId("apply", fileName),
    "k8s_apply",
    args,
    `Apply ${path} from the default branch as requested${force ? ", taking ownership of fields other field managers set (--force-conflicts)" : ""}: ${changed.length} of ${total} objects change (${keys.join(", ")}${more}).`,
  );
  if (!step.ok) return step;
  const used = new Set<string>();
  const verify = changed
    .filter((o) => ROLLOUT_KINDS.has(o.kind) && o.namespace !== undefined)
    .map((o) => {
      // The same kind and name in two namespaces needs the namespace to tell the ids apart.
      let id = dnsId(o.name, o.kind.toLowerCase(), "rolled-out");
      if (used.has(id)) id = dnsId(o.namespace ?? "", o.name, o.kind.toLowerCase(), "rolled-out");
      used.add(id);
      return rolloutComplete(id, {
        namespace: o.namespace as string,
        kind: o.kind as WorkloadKind,
        name: o.name,
      });
    });
  return {
    ok: true,
    draft: { slug: ["apply", fileName.replace(/\.(ya?ml|json)$/i, "")], steps: [step.step], verify },
  };
}
