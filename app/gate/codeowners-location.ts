// Where GitHub looks for CODEOWNERS, and its size limit.

/** GitHub's lookup order; the first file that exists is the one used. */
export const CODEOWNERS_LOCATIONS: readonly string[] = Object.freeze([
  ".github/CODEOWNERS",
  "CODEOWNERS",
  "docs/CODEOWNERS",
]);

/** GitHub does not load a CODEOWNERS file of 3 MB or more (taken as 3 MiB of UTF-8). */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

export type CodeownersLookup =
  | { status: "found"; path: string; text: string }
  /** The first file found is too large: GitHub ignores it, and does not fall back to a later location. */
  | { status: "too-large"; path: string; bytes: number }
  | { status: "absent" };

/**
 * Finds the CODEOWNERS file GitHub would use, saying why when there is none. `read` returns a file's
 * text at the commit that matters (the PR's base), or undefined when the file does not exist.
 * An oversized file ends the search: it is the file GitHub picks and then ignores, so a stale
 * CODEOWNERS further down the lookup order must not take its place.
 */
export async function locateCodeowners(
  read: (path: string) => Promise<string | undefined>,
): Promise<CodeownersLookup> {
  for (const path of CODEOWNERS_LOCATIONS) {
    const text = await read(path);
    if (text === undefined) continue;
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes >= CODEOWNERS_MAX_BYTES) return { status: "too-large", path, bytes };
    return { status: "found", path, text };
  }
  return { status: "absent" };
}

/**
 * The CODEOWNERS file GitHub would use, or undefined when there is none — including when the file
 * found first is 3 MB or more, which GitHub ignores (treated as absent; locateCodeowners says which).
 */
export async function findCodeowners(
  read: (path: string) => Promise<string | undefined>,
): Promise<{ path: string; text: string } | undefined> {
  const lookup = await locateCodeowners(read);
  return lookup.status === "found" ? { path: lookup.path, text: lookup.text } : undefined;
}
