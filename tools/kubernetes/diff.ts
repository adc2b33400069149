// Unified diffs of Kubernetes objects, as `kubectl diff` shows them: YAML, fields the server
// manages (resourceVersion, managedFields, …) left out, Secret values masked on both sides.
import { createTwoFilesPatch } from "diff";
import { stringify } from "yaml";
import { redactSecrets } from "../shared/redact.ts";

type KubeObjectLike = { metadata?: Record<string, unknown>; [key: string]: unknown };

const serverManagedMetadata = [
  "managedFields",
  "resourceVersion",
  "generation",
  "uid",
  "creationTimestamp",
  "selfLink",
];

/**
 * The object as a person reviews it: no server bookkeeping, secrets masked, stable YAML.
 * `changedSecretKeys` marks Secret data whose value changed: masked values of equal length would
 * otherwise look identical and a rotated value would show as no change.
 */
export function reviewable(object: KubeObjectLike | undefined, changedSecretKeys: string[] = []): string {
  if (!object) return "";
  const masked = redactSecrets(object);
  const metadata = { ...(masked.metadata ?? {}) };
  for (const key of serverManagedMetadata) delete metadata[key];
  const marked: KubeObjectLike = { ...masked, metadata };
  const data = secretData(marked);
  if (data && changedSecretKeys.length > 0) {
    const copy = { ...data };
    for (const key of changedSecretKeys) {
      if (typeof copy[key] === "string") copy[key] = copy[key].replace(/>$/, ", value changed>");
    }
    marked.data = copy;
  }
  return stringify(marked, { sortMapEntries: false, lineWidth: 0 });
}

function secretData(object: KubeObjectLike | undefined): Record<string, unknown> | undefined {
  const data = object?.kind === "Secret" ? object.data : undefined;
  return typeof data === "object" && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

/** Keys present on both sides of a Secret whose (unmasked) values differ. */
function changedSecretValues(live: KubeObjectLike | undefined, next: KubeObjectLike | undefined): string[] {
  const before = secretData(live);
  const after = secretData(next);
  if (!before || !after) return [];
  return Object.keys(after).filter((key) => key in before && before[key] !== after[key]);
}

export interface ObjectDiff {
  /** `kind/namespace/name` of the object. */
  key: string;
  /** Unified diff text; empty when nothing changes. */
  diff: string;
  changed: boolean;
}

export function objectKey(object: KubeObjectLike): string {
  const metadata = object.metadata ?? {};
  const kind = String(object.kind ?? "Object");
  const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
  return `${kind}/${namespace}${String(metadata.name ?? "")}`;
}

/** Diff between the live object (undefined: it does not exist yet) and what it would become (undefined: deleted). */
export function diffObjects(live: KubeObjectLike | undefined, next: KubeObjectLike | undefined): ObjectDiff {
  const subject = next ?? live;
  const key = subject ? objectKey(subject) : "unknown";
  const before = reviewable(live);
  const after = reviewable(next, changedSecretValues(live, next));
  if (before === after) return { key, diff: "", changed: false };
  const diff = createTwoFilesPatch(`live/${key}`, `planned/${key}`, before, after, undefined, undefined, {
    context: 3,
  })
    .split("\n")
    .filter((line) => !line.startsWith("====")) // drop the Index header line jsdiff adds
    .join("\n");
  return { key, diff, changed: true };
}
