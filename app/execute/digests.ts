// Digests the executor records and compares: of a tool's result, and of a dry run's diff text.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;

/** "sha256:" + hex of the canonical JSON of a tool result's structured data. */
export function resultDigest(data: unknown): string {
  return sha256(canonicalize(data) ?? "null");
}

interface ObjectDiff {
  key: string;
  diff: string;
}

/**
 * The reviewable text of a mutating tool's result: each object's key and unified diff, in order.
 * Works on a tool result's `data` ({objects: [{key, diff}]}) and on a StepPreview's `objects`.
 */
export function diffText(objects: readonly ObjectDiff[]): string {
  return objects.map((object) => `${object.key}\n${object.diff}`).join("\n");
}

// RFC 3339 times. Some steps write the current time (a rollout restart's restartedAt), so two dry
// runs of the same step on the same live object differ only there; that is not drift.
const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

/** "sha256:" + hex of diffText(objects) with times masked: what approvedDiffs holds per step. */
export function diffDigest(objects: readonly ObjectDiff[]): string {
  return sha256(diffText(objects).replace(TIMESTAMP, "<time>"));
}

/** The objects of a mutating tool's structured result; anything malformed is left out. */
export function objectDiffsOf(data: Record<string, unknown>): ObjectDiff[] {
  const objects = Array.isArray(data.objects) ? data.objects : [];
  return objects
    .filter((o): o is Record<string, unknown> => typeof o === "object" && o !== null)
    .map((o) => ({
      key: typeof o.key === "string" ? o.key : "unknown",
      diff: typeof o.diff === "string" ? o.diff : "",
    }));
}
