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

/** "sha256:" + hex of diffText(objects): what approvedDiffs holds per step. */
export function diffDigest(objects: readonly ObjectDiff[]): string {
  return sha256(diffText(objects));
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
