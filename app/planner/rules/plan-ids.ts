// Ids in a plan are DNS labels (≤ 63 characters); names can be longer (object names up to 253),
// so long ids are shortened with a hash of the full text: still readable, still unique.
import { createHash } from "node:crypto";

const MAX_LABEL = 63;
const HASH_CHARS = 8;

function slugify(text: string): string {
  return text
    .toLowerCase()
    .split("")
    .map((char) => ((char >= "a" && char <= "z") || (char >= "0" && char <= "9") ? char : "-"))
    .join("")
    .split("-")
    .filter((part) => part !== "")
    .join("-");
}

function shorten(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const hash = createHash("sha256").update(slug).digest("hex").slice(0, HASH_CHARS);
  const head = slug.slice(0, max - HASH_CHARS - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}

/** A step or verify id from words, e.g. dnsId("scale", "web") → "scale-web". */
export function dnsId(...parts: string[]): string {
  return shorten(slugify(parts.join("-")) || "step", MAX_LABEL);
}

/** The plan id: `<issue number>-<slug>`, at most 63 characters. */
export function planId(issueNumber: number, ...slugParts: string[]): string {
  const prefix = `${issueNumber}-`;
  return prefix + shorten(slugify(slugParts.join("-")) || "plan", MAX_LABEL - prefix.length);
}
