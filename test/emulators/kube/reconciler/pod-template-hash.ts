// The pod-template-hash label of a Deployment's ReplicaSets (and the revision hash of StatefulSets and
// DaemonSets): a stable hash of the pod template, spelled the way Kubernetes spells it (a 32-bit number
// encoded with the no-vowel alphabet of rand.SafeEncodeString, e.g. "5d59d67564").
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const POD_TEMPLATE_HASH = "pod-template-hash";
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function podTemplateHash(template: unknown): string {
  const digest = createHash("sha256")
    .update(canonicalize(withoutHashLabel(template)) ?? "null")
    .digest();
  const number = String(digest.readUInt32BE(0));
  return [...number].map((char) => SAFE_ALPHABET[char.charCodeAt(0) % SAFE_ALPHABET.length]).join("");
}

/** The template without its pod-template-hash label: what a Deployment's template is compared on. */
export function withoutHashLabel(template: unknown): unknown {
  const copy = structuredClone(template) as { metadata?: { labels?: Record<string, string> } } | undefined;
  const labels = copy?.metadata?.labels;
  if (labels && POD_TEMPLATE_HASH in labels) {
    delete labels[POD_TEMPLATE_HASH];
  }
  return copy;
}
