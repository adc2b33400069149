// Maps a PATCH request's Content-Type to the patch strategy, as the API server's patch handler does.

export type PatchType = "json" | "merge" | "strategic" | "apply";

const PATCH_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
  // application/apply-patch+cbor is deliberately absent: the emulator speaks JSON/YAML only.
};

/** Returns undefined for unsupported media types; the server answers those with 415. */
export function patchTypeFromContentType(contentType: string): PatchType | undefined {
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return PATCH_TYPES[mediaType];
}
